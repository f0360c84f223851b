package dev.weft.proxy.balance;

import dev.weft.spi.Availability;
import dev.weft.spi.balancer.BalancerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The balancer providers of this proxy, and which one serves a requested name. The only place that
 * uses {@link ServiceLoader} for {@link BalancerProvider}.
 *
 * <p>{@link #select} returns, among the providers of the requested name, the available one with the
 * highest priority (the first found on a tie). When there is none (unknown name, or every provider
 * of it unavailable, e.g. an enterprise balancer without a license), it falls back to {@value
 * #DEFAULT}, logs why once per (name, reason), and says why in the {@link Selection} so the caller
 * can show it in metrics and the admin server. Availability is asked on every call, so a renewed
 * license takes effect at the next selection.
 *
 * <p>Thread-safe; {@code select} does not block (providers answer availability without blocking).
 * Meant for when a service's balancer is built, not per request.
 */
public final class BalancerRegistry {
  /** The balancer used when no other is asked for, or when the one asked for cannot run. */
  public static final String DEFAULT = PeakEwmaProvider.NAME;

  private static final Logger LOG = Logger.getLogger(BalancerRegistry.class.getName());

  private final List<BalancerProvider> providers;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /**
   * The outcome of {@link #select}.
   *
   * @param provider the provider to build the balancer with
   * @param requested the name asked for, normalised (lower case, stripped)
   * @param reason why {@code requested} is not the one serving, or empty when it is
   */
  public record Selection(BalancerProvider provider, String requested, String reason) {
    public Selection {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(requested, "requested");
      Objects.requireNonNull(reason, "reason");
    }

    /** Whether the default serves in place of the balancer asked for. */
    public boolean fellBack() {
      return !reason.isEmpty();
    }

    /**
     * The log line of a fallback, e.g. {@code balancer 'hazl' is not available (...): using
     * p2c-peak-ewma}.
     */
    public String message() {
      return fellBack()
          ? "balancer '"
              + requested
              + "' is not available ("
              + reason
              + "): using "
              + provider.name()
          : "balancer '" + requested + "'";
    }
  }

  /**
   * A registry over {@code providers}, in order. If none of them is an available {@value #DEFAULT},
   * the built-in {@link PeakEwmaProvider} is added, so there is always one to fall back to.
   */
  public BalancerRegistry(List<? extends BalancerProvider> providers) {
    List<BalancerProvider> all = new ArrayList<>(providers);
    all.forEach(p -> Objects.requireNonNull(p, "provider"));
    if (all.stream().noneMatch(p -> p.name().equals(DEFAULT) && p.isAvailable())) {
      all.add(new PeakEwmaProvider());
    }
    this.providers = List.copyOf(all);
  }

  /** The providers that {@code loader} finds through {@code META-INF/services}. */
  public static BalancerRegistry load(ClassLoader loader) {
    List<BalancerProvider> found = new ArrayList<>();
    ServiceLoader.load(BalancerProvider.class, loader).forEach(found::add);
    return new BalancerRegistry(found);
  }

  /** Every provider known, available or not, in the order found. */
  public List<BalancerProvider> providers() {
    return providers;
  }

  /** The provider to serve {@code requestedName}; null or blank asks for {@value #DEFAULT}. */
  public Selection select(String requestedName) {
    String name =
        requestedName == null || requestedName.isBlank()
            ? DEFAULT
            : requestedName.strip().toLowerCase(Locale.ROOT);
    BalancerProvider best = best(name);
    if (best != null) {
      return new Selection(best, name, "");
    }
    List<String> reasons = new ArrayList<>();
    for (BalancerProvider p : providers) {
      if (p.name().equals(name)) {
        Availability a = p.availability();
        if (!a.available() && !reasons.contains(a.reason())) {
          reasons.add(a.reason());
        }
      }
    }
    String reason = reasons.isEmpty() ? "no such balancer" : String.join("; ", reasons);
    BalancerProvider fallback = best(DEFAULT);
    if (fallback == null) {
      // The default went unavailable after construction; the built-in one always runs.
      fallback = new PeakEwmaProvider();
    }
    Selection s = new Selection(fallback, name, reason);
    if (logged.add(name + '\0' + reason)) {
      LOG.warning(s.message());
    }
    return s;
  }

  private BalancerProvider best(String name) {
    BalancerProvider best = null;
    for (BalancerProvider p : providers) {
      if (p.name().equals(name)
          && (best == null || p.priority() > best.priority())
          && p.isAvailable()) {
        best = p;
      }
    }
    return best;
  }
}
