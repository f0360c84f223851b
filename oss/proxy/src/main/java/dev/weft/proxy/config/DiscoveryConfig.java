package dev.weft.proxy.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the proxy finds the endpoints of the services it sends to.
 *
 * @param destination the control plane's Destination API, or null: then only fixed targets (and
 *     balanced sets of fixed addresses) are used
 * @param zone this proxy's zone, or empty
 * @param balancer the balancer of services whose policy names none
 * @param serviceIdle how long a service nobody sends to stays watched
 */
public record DiscoveryConfig(
    InetSocketAddress destination, String zone, String balancer, Duration serviceIdle) {
  public static final String DEFAULT_BALANCER = "p2c-peak-ewma";
  public static final DiscoveryConfig NONE =
      new DiscoveryConfig(null, "", DEFAULT_BALANCER, Duration.ofMinutes(10));

  public DiscoveryConfig {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(balancer, "balancer");
    Objects.requireNonNull(serviceIdle, "serviceIdle");
  }
}
