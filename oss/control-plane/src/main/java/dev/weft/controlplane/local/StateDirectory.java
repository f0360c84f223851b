package dev.weft.controlplane.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The local mode's state directory, held exclusively by one control plane through a file lock.
 *
 * <p>Every write goes to a temporary file in the same directory and is renamed over the target, so
 * readers (proxies re-reading the trust bundle) never see half a file. Secrets are created 0600
 * from the start rather than tightened afterwards.
 */
public final class StateDirectory implements AutoCloseable {
  /** The lock file; it holds the owner's pid for whoever investigates a refusal. */
  public static final String LOCK_FILE = "control-plane.lock";

  private static final Logger LOG = Logger.getLogger(StateDirectory.class);
  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private StateDirectory(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Creates {@code dir} if needed and locks it.
   *
   * @throws IllegalStateException naming the directory if another control plane holds it
   */
  public static StateDirectory open(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    try {
      createDirectories(root);
      FileChannel channel =
          FileChannel.open(
              root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process, which is just as much "in use"
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "state directory "
                + root
                + " is in use by another Weft control plane (lock "
                + root.resolve(LOCK_FILE)
                + " is held); stop that control plane or choose another --state-dir");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      return new StateDirectory(root, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open state directory " + root + ": " + e, e);
    }
  }

  public Path root() {
    return root;
  }

  public Path resolve(String relative) {
    return root.resolve(relative);
  }

  public boolean exists(String relative) {
    return Files.exists(resolve(relative));
  }

  public String read(String relative) {
    try {
      return Files.readString(resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resolve(relative) + ": " + e, e);
    }
  }

  /** Atomically replaces {@code relative} with {@code content}, readable by its owner only. */
  public void writePrivate(String relative, String content) {
    write(relative, content, PRIVATE);
  }

  /** Atomically replaces {@code relative} with {@code content}, world-readable (certificates). */
  public void writePublic(String relative, String content) {
    write(relative, content, PUBLIC);
  }

  public void delete(String relative) {
    try {
      Files.deleteIfExists(resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + resolve(relative) + ": " + e, e);
    }
  }

  /** Creates {@code relative} (and parents) as a directory only its owner can enter. */
  public void createDirectory(String relative) {
    try {
      createDirectories(resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + resolve(relative) + ": " + e, e);
    }
  }

  /** Tightens a secret that is readable by others (copied by hand, say) back to 0600. */
  public void ensurePrivate(String relative) {
    Path file = resolve(relative);
    try {
      if (!Files.getPosixFilePermissions(file).equals(PRIVATE)) {
        LOG.warnf("%s was readable by others; setting its mode to 0600", file);
        Files.setPosixFilePermissions(file, PRIVATE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the mode of " + file + ": " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warnf("cannot release the lock on %s: %s", root, e);
    }
  }

  private void write(String relative, String content, Set<PosixFilePermission> mode) {
    Path target = resolve(relative);
    Path temporary =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(mode);
    try {
      Files.createFile(temporary, attribute);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write " + target + ": " + e, e);
    }
  }

  private static void createDirectories(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
    }
  }
}
