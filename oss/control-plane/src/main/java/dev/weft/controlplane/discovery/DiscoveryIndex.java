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
  private final Map<ServiceName, ServiceName> aliases = new ConcurrentHashMap<>();
  private final Map<ServiceName, Set<ServiceName>> aliasesOf = new ConcurrentHashMap<>();
  private volatile boolean synced;
  private volatile Function<ServiceName, String> absence = name -> "no service " + name;

  /** The service now, or null; an alias answers with its target's snapshot. */
  public ServiceSnapshot get(ServiceName name) {
    ServiceSnapshot snapshot = services.get(name);
    if (snapshot == null) {
      ServiceName target = aliases.get(name);
      snapshot = target == null ? null : services.get(target);
    }
    return snapshot;
  }

  /**
   * Makes {@code alias} answer as {@code target} does, now and after every change of it: a
   * Service's {@code CLUSTER_IP:PORT} for its DNS name, so that a proxy that only knows a
   * connection's original destination finds the service. Replaces what the alias named before.
   */
  public synchronized void alias(ServiceName alias, ServiceName target) {
    requireNonNull(target, "target");
    ServiceName previous = aliases.put(alias, target);
    if (!target.equals(previous)) {
      if (previous != null) {
        forgetAlias(previous, alias);
      }
      aliasesOf.computeIfAbsent(target, t -> ConcurrentHashMap.newKeySet()).add(alias);
      notify(alias);
    }
  }

  /**
   * Removes {@code alias} if it still names {@code target}: another Service may have taken the
   * address since, and its alias must stay.
   */
  public synchronized void unalias(ServiceName alias, ServiceName target) {
    if (aliases.remove(alias, target)) {
      forgetAlias(target, alias);
      notify(alias);
    }
  }

  /** What {@code alias} names now, or null. */
  public ServiceName aliasTarget(ServiceName alias) {
    return aliases.get(alias);
  }

  /** The aliases of {@code target} now, for status and tests. */
  public Set<ServiceName> aliasesOf(ServiceName target) {
    return Set.copyOf(aliasesOf.getOrDefault(target, Set.of()));
  }

  private void forgetAlias(ServiceName target, ServiceName alias) {
    aliasesOf.computeIfPresent(
        target,
        (t, set) -> {
          set.remove(alias);
          return set.isEmpty() ? null : set;
        });
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

  /**
   * Tells every watcher that its service changed, though no snapshot did: what is sent for a
   * service may depend on more than its snapshot (a default balancer chosen anew).
   */
  public void notifyAllWatchers() {
    for (Set<Watcher> set : watchers.values()) {
      for (Watcher watcher : set) {
        watcher.changed();
      }
    }
  }

  private void notify(ServiceName name) {
    notifyWatchers(name);
    for (ServiceName alias : aliasesOf.getOrDefault(name, Set.of())) {
      notifyWatchers(alias);
    }
  }

  private void notifyWatchers(ServiceName name) {
    Set<Watcher> set = watchers.get(name);
    if (set != null) {
      for (Watcher watcher : set) {
        watcher.changed();
      }
    }
  }
}
