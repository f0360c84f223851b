package dev.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;

/**
 * The current snapshot of every known service, and who watches which.
 *
 * <p>Thread-safe. Sources publish from their own threads; a watcher is only told <em>that</em> its
 * service changed ({@link Watcher#changed()}, which must return at once) and reads the newest
 * snapshot when it is ready to send. So a source never waits for a proxy, and a watcher never holds
 * more than the one snapshot it last sent.
 */
public final class DiscoveryIndex {
  /** Told that a service changed; must not block (it runs on the source's thread). */
  @FunctionalInterface
  public interface Watcher {
    void changed();
  }

  /** Ends a subscription; idempotent. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final Map<ServiceName, ServiceSnapshot> services = new ConcurrentHashMap<>();
  private final Map<ServiceName, Set<Watcher>> watchers = new ConcurrentHashMap<>();
  private volatile boolean synced;
  private volatile Function<ServiceName, String> absence = name -> "no service " + name;

  /** The service now, or null. */
  public ServiceSnapshot get(ServiceName name) {
    return services.get(name);
  }

  /** How many services are known. */
  public int size() {
    return services.size();
  }

  /** Every service name known, for status pages. */
  public Set<ServiceName> names() {
    return Set.copyOf(services.keySet());
  }

  /** Why {@code name} is absent, in the source's words ("no service books:80 in registry.conf"). */
  public String absenceReason(ServiceName name) {
    return absence.apply(name);
  }

  /** Sets how the source explains an absent service. */
  public void describeAbsence(Function<ServiceName, String> absence) {
    this.absence = requireNonNull(absence, "absence");
  }

  /** True once the source has loaded its first state; before, Watch answers UNAVAILABLE. */
  public boolean synced() {
    return synced;
  }

  public void markSynced() {
    synced = true;
  }

  /** Replaces one service's snapshot; watchers hear of it only if it differs. */
  public void publish(ServiceSnapshot snapshot) {
    ServiceSnapshot previous = services.put(snapshot.name(), snapshot);
    if (!snapshot.equals(previous)) {
      notify(snapshot.name());
    }
  }

  /** Forgets a service; its watchers are told it is gone. */
  public void remove(ServiceName name) {
    if (services.remove(name) != null) {
      notify(name);
    }
  }

  /** Makes {@code snapshots} the whole set of services: others are removed. */
  public synchronized void replaceAll(Collection<ServiceSnapshot> snapshots) {
    Set<ServiceName> kept = new HashSet<>();
    for (ServiceSnapshot snapshot : snapshots) {
      kept.add(snapshot.name());
      publish(snapshot);
    }
    for (ServiceName name : Set.copyOf(services.keySet())) {
      if (!kept.contains(name)) {
        remove(name);
      }
    }
  }

  /**
   * Calls {@code watcher} after every change of {@code name} from now on. Subscribe first, then
   * read {@link #get}: a change in between is then never missed.
   */
  public Subscription subscribe(ServiceName name, Watcher watcher) {
    requireNonNull(watcher, "watcher");
    // compute, not computeIfAbsent + add: a concurrent close must not drop a set being added to.
    watchers.compute(
        name,
        (n, set) -> {
          Set<Watcher> result = set == null ? new CopyOnWriteArraySet<>() : set;
          result.add(watcher);
          return result;
        });
    return () ->
        watchers.computeIfPresent(
            name,
            (n, set) -> {
              set.remove(watcher);
              return set.isEmpty() ? null : set;
            });
  }

  /** How many watchers a service has, for tests and status. */
  public int watcherCount(ServiceName name) {
    Set<Watcher> set = watchers.get(name);
    return set == null ? 0 : set.size();
  }

  private void notify(ServiceName name) {
    Set<Watcher> set = watchers.get(name);
    if (set != null) {
      for (Watcher watcher : set) {
        watcher.changed();
      }
    }
  }
}
