package dev.weft.controlplane.discovery;

import static java.util.Objects.requireNonNull;

import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.spi.controlplane.BalancerChoice;
import dev.weft.spi.controlplane.BalancerDefaults;
import dev.weft.spi.controlplane.ServiceRef;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The balancer a control-plane extension chooses for services whose own policy names none (no
 * ServicePolicy balancer, no registry {@code balancer} line), through {@link BalancerDefaults}.
 *
 * <p>The choice is made as a policy is sent, not when a source publishes: sources and the index
 * keep the policy as written, a re-choice needs no source to recompute anything, and a watcher's
 * diff against what it was last sent says whether the choice changed. A chooser that throws is
 * logged once and ignored: the service keeps the proxies' default, discovery goes on.
 *
 * <p>Thread-safe: watch streams call {@link #apply} concurrently; the chooser is read once per
 * call.
 */
public final class DefaultBalancers {
  private static final Logger LOG = Logger.getLogger(DefaultBalancers.class);
  private static final String IDENTITY_SUFFIX = ".serviceaccount.identity.weft.";

  private final DiscoveryIndex index;
  private volatile Installed installed;

  public DefaultBalancers(DiscoveryIndex index) {
    this.index = requireNonNull(index, "index");
  }

  /** Makes {@code chooser} the one asked from now on (the last call wins); watchers are resent. */
  public void install(BalancerDefaults chooser) {
    installed = new Installed(requireNonNull(chooser, "chooser"), new AtomicBoolean());
    index.notifyAllWatchers();
  }

  /** The chooser's answers may have changed: every watched service's policy is sent again. */
  public void changed() {
    index.notifyAllWatchers();
  }

  /**
   * {@code snapshot} as proxies are to receive it: with the chooser's balancer when its policy
   * names none and a chooser answers; otherwise {@code snapshot} itself (null stays null).
   */
  public ServiceSnapshot apply(ServiceSnapshot snapshot) {
    Installed now = installed;
    if (snapshot == null || now == null || !snapshot.policy().getBalancer().isEmpty()) {
      return snapshot;
    }
    ServiceRef service = serviceRef(snapshot);
    Optional<BalancerChoice> choice;
    try {
      choice = now.chooser().balancerFor(service);
      if (choice == null) {
        throw new IllegalStateException("balancerFor returned null (expected: an Optional)");
      }
    } catch (RuntimeException e) {
      if (now.warned().compareAndSet(false, true)) {
        LOG.warnf(
            e,
            "The default-balancer chooser %s failed for %s/%s; its answers are ignored, services"
                + " keep the proxies' default (logged once)",
            now.chooser().getClass().getName(),
            service.namespace(),
            service.name());
      }
      return snapshot;
    }
    if (choice.isEmpty()) {
      return snapshot;
    }
    ServicePolicy policy =
        snapshot.policy().toBuilder()
            .setBalancer(choice.get().name())
            .clearBalancerConfig()
            .putAllBalancerConfig(choice.get().config())
            .build();
    return snapshot.withPolicy(policy);
  }

  /**
   * The service as extensions see it. Its name is the {@code service} metric label (the Service's
   * name in Kubernetes mode, the host in local mode); its namespace the {@code namespace} label
   * (always set in Kubernetes mode; {@code label.namespace=} in the registry), else the namespace
   * of its endpoints' identity ({@code SA.NS.serviceaccount.identity.weft.DOMAIN}), else {@code
   * default}.
   */
  static ServiceRef serviceRef(ServiceSnapshot snapshot) {
    String name = snapshot.metricLabels().getOrDefault("service", snapshot.name().host());
    String namespace = snapshot.metricLabels().get("namespace");
    if (namespace == null) {
      namespace =
          snapshot.endpoints().values().stream()
              .map(e -> identityNamespace(e.identity()))
              .filter(ns -> !ns.isEmpty())
              .findFirst()
              .orElse("default");
    }
    return new ServiceRef(namespace, name, snapshot.annotations());
  }

  private static String identityNamespace(String identity) {
    int suffix = identity.indexOf(IDENTITY_SUFFIX);
    if (suffix < 0) {
      return "";
    }
    // A namespace has no dots; a service account may.
    int dot = identity.lastIndexOf('.', suffix - 1);
    return dot < 0 ? "" : identity.substring(dot + 1, suffix);
  }

  private record Installed(BalancerDefaults chooser, AtomicBoolean warned) {}
}
