package dev.weft.cli.up;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that makes one {@code weft up} per state directory: an OS file lock on {@code
 * STATE/lock}, which also holds the pid of its owner so that a second instance can say who runs.
 * The OS drops the lock when its process dies, however it dies, so a stale file never blocks.
 */
final class StateLock implements AutoCloseable {
  static final String FILE = "lock";

  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static StateLock acquire(Path stateDir) throws UpException {
    Path file = stateDir.resolve(FILE);
    FileChannel channel;
    try {
      Files.createDirectories(stateDir);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UpException("cannot create the lock file " + file + ": " + e.getMessage(), e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process
    } catch (IOException e) {
      close(channel);
      throw new UpException("cannot lock " + file + ": " + e.getMessage(), e);
    }
    if (lock == null) {
      String owner = owner(channel);
      close(channel);
      throw new UpException(
          "weft up is already running with the state directory "
              + stateDir
              + " (pid "
              + owner
              + " holds "
              + file
              + "). Stop it with Ctrl-C in its terminal or `kill "
              + owner
              + "`, or give this one another --state-dir and --port-base.");
    }
    try {
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      channel.force(false);
    } catch (IOException e) {
      close(channel);
      throw new UpException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return new StateLock(channel, lock);
  }

  private static String owner(FileChannel channel) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      channel.read(buf, 0);
      String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
      return pid.isEmpty() ? "unknown" : pid;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing was locked through it; the close error changes nothing for the caller.
    }
  }

  /** Releases the lock; the file stays (deleting it would race with a new owner locking it). */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it as well.
    }
    close(channel);
  }
}
