package dev.weft.spi.balancer;

import dev.weft.spi.ConfigResult;
import dev.weft.spi.Plugin;
import java.util.Map;

/**
 * Makes balancers of one kind. The proxy builds one {@link Balancer} per concrete service (a set of
 * endpoints) it sends requests to.
 *
 * <p>Thread-safe; its methods do not block. Experimental: this interface may still change.
 */
public interface BalancerProvider extends Plugin {
  /**
   * Parses and validates this balancer's configuration, given as the string keys and values of the
   * service's policy (or of the proxy's defaults). Unknown keys are errors.
   *
   * @return the parsed configuration (an immutable object of the provider's own type), or every
   *     error found, each naming its key
   */
  ConfigResult<?> parseConfig(Map<String, String> config);

  /**
   * A new balancer for one service.
   *
   * @param context how the balancer publishes pickers, and the clock and randomness it must use
   * @param config a value returned by {@link #parseConfig} of this provider
   */
  Balancer newBalancer(BalancerContext context, Object config);
}
