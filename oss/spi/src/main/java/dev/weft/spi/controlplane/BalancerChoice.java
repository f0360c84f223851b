package dev.weft.spi.controlplane;

import java.util.Map;
import java.util.Objects;

/**
 * A balancer the control plane tells proxies to use for a service, as the Destination API carries
 * it: a provider name and its configuration, which the proxy's provider validates.
 *
 * @param name the balancer provider's name, e.g. {@code hazl}
 * @param config its configuration keys and values
 */
public record BalancerChoice(String name, Map<String, String> config) {
  public BalancerChoice {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: blank (expected: a balancer name)");
    }
    config = Map.copyOf(config);
  }
}
