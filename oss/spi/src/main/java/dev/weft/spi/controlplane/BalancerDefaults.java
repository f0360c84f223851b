package dev.weft.spi.controlplane;

import java.util.Optional;

/**
 * Chooses the balancer of a service whose own policy names none (no {@code ServicePolicy} balancer,
 * no registry {@code balancer} line): how a cluster-wide setting, such as zone-aware balancing
 * turned on by Helm values, reaches every proxy through the Destination API. Registered with {@link
 * ControlPlaneContext#balancerDefaults}.
 */
@FunctionalInterface
public interface BalancerDefaults {
  /**
   * The balancer for {@code service}, or empty to leave the proxies' own default. Called whenever
   * the service's policy is sent (often); it answers from state already in memory, without I/O or
   * locks held for long, and never throws.
   */
  Optional<BalancerChoice> balancerFor(ServiceRef service);
}
