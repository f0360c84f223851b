package dev.weft.controlplane.discovery.local;

import static java.util.Objects.requireNonNull;

import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.ServiceSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Local mode's discovery source: {@code STATE/registry.conf}, read at start and again whenever it
 * changes.
 *
 * <p>One thread waits on a {@link WatchService} for the state directory with a one-second bound,
 * and at every wake-up compares the file's bytes with the last read: the WatchService makes edits
 * visible at once, the bound catches what it misses (atomic renames over the file on some file
 * systems, editors that replace the directory entry). Comparing bytes rather than the modification
 * time also catches two writes within the clock's granularity.
 *
 * <p>A service with a bad line keeps its last good definition, or stays absent if it never had one;
 * every other service is applied. A missing file means no services.
 */
public final class LocalRegistry implements AutoCloseable {
  /** The file's name inside the state directory. */
  public static final String FILE = "registry.conf";

  private static final Logger LOG = Logger.getLogger(LocalRegistry.class);
  private static final long POLL_SECONDS = 1;
  private static final Duration SETTLE = Duration.ofMillis(50);
  private static final Duration SETTLE_BOUND = Duration.ofMillis(500);
  private static final String EXAMPLE =
      """
      # Weft local registry: the services proxies find through the control plane's Destination API.
      # Edits apply within a second, without a restart. Format: docs/discovery.md. Example:
      #
      # service books:80
      #   endpoint 127.0.0.1:7721 identity=books.demo.serviceaccount.identity.weft.cluster.local zone=zone-a
      #   endpoint 127.0.0.1:7724 zone=zone-b ready=false
      #   route get-books match=GET:/books* timeout=2s retry-on=5xx retry-limit=2
      """;

  private final Path file;
  private final DiscoveryIndex index;
  private final WatchService watchService;
  private final Thread thread;
  private final Map<ServiceName, ServiceSnapshot> lastGood = new HashMap<>();
  private byte[] lastContent;
  private volatile RegistryStatus status = new RegistryStatus(List.of(), List.of());

  private LocalRegistry(Path file, DiscoveryIndex index, WatchService watchService) {
    this.file = file;
    this.index = index;
    this.watchService = watchService;
    this.thread = Thread.ofVirtual().name("weft-registry-watch").unstarted(this::watch);
  }

  /**
   * Reads {@code dir/registry.conf} into {@code index} (marking it synced) and keeps watching it.
   *
   * @throws IOException if the directory cannot be watched
   */
  public static LocalRegistry start(Path dir, DiscoveryIndex index) throws IOException {
    requireNonNull(dir, "dir");
    requireNonNull(index, "index");
    WatchService watchService = FileSystems.getDefault().newWatchService();
    dir.register(
        watchService,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    LocalRegistry registry = new LocalRegistry(dir.resolve(FILE), index, watchService);
    registry.createExample();
    index.describeAbsence(name -> "no service " + name + " in " + registry.file);
    registry.reload();
    index.markSynced();
    registry.thread.start();
    return registry;
  }

  /** The services applied and the errors of the last read, for the local API. */
  public RegistryStatus status() {
    return status;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      watchService.close();
    } catch (IOException e) {
      LOG.debugf("closing the watch of %s: %s", file, e);
    }
    thread.interrupt();
  }

  /** A first start leaves a commented file where the format is explained, so it is easy to find. */
  private void createExample() {
    try {
      Files.writeString(file, EXAMPLE, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
    } catch (FileAlreadyExistsException e) {
      // Someone's registry: never touched.
    } catch (IOException e) {
      LOG.warnf("Cannot create an example %s: %s", file, e);
    }
  }

  private void watch() {
    while (true) {
      try {
        WatchKey key = watchService.poll(POLL_SECONDS, TimeUnit.SECONDS);
        // An editor writing in place truncates, then writes: wait for the events to stop (up to
        // a bound) so the half-written file is rarely read. Renaming a finished file over the
        // registry is still the only way to be sure; docs/discovery.md says so.
        long settleUntil = System.nanoTime() + SETTLE_BOUND.toNanos();
        while (key != null) {
          key.pollEvents();
          key.reset();
          key =
              System.nanoTime() < settleUntil
                  ? watchService.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS)
                  : null;
        }
        reload();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        // Keep watching: the next change may well be the fix.
        LOG.errorf(e, "Cannot apply %s", file);
      }
    }
  }

  synchronized void reload() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      content = new byte[0];
    } catch (IOException e) {
      LOG.warnf("Cannot read %s (keeping the services as they are): %s", file, e);
      return;
    }
    if (lastContent != null && Arrays.equals(content, lastContent)) {
      return;
    }
    lastContent = content;
    RegistryParse parse = RegistryParser.parse(FILE, new String(content, StandardCharsets.UTF_8));
    Map<ServiceName, ServiceSnapshot> next = new HashMap<>(parse.services());
    for (ServiceName name : parse.broken()) {
      ServiceSnapshot kept = lastGood.get(name);
      if (kept != null) {
        next.put(name, kept);
      }
    }
    lastGood.clear();
    lastGood.putAll(next);
    index.replaceAll(next.values());
    RegistryStatus previous = status;
    status =
        new RegistryStatus(
            next.keySet().stream().map(ServiceName::toString).sorted().toList(), parse.errors());
    if (!status.errors().equals(previous.errors())) {
      if (status.errors().isEmpty()) {
        LOG.infof("%s: no errors; %d service(s)", file, next.size());
      } else {
        for (RegistryError error : status.errors()) {
          LOG.errorf(
              "%s (that service keeps its last good definition, if it had one)", error.message());
        }
      }
    } else {
      LOG.debugf("%s: %d service(s)", file, next.size());
    }
  }
}
