package dev.weft.proxy.outbound;

import java.util.function.Function;

/**
 * How a listener's requests reach discovered services: the service an authority names (null when it
 * names none), and the cache that holds them.
 *
 * @param orElse the service a request goes to when discovery says the one it named does not exist
 *     (a redirected connection's original destination, {@code ip:port}), or null for none: then
 *     such a request is answered 404
 */
public record Discovered(
    OutboundTargets targets, Function<String, Service> services, String orElse) {

  /** Requests to unknown services are answered 404. */
  public Discovered(OutboundTargets targets, Function<String, Service> services) {
    this(targets, services, null);
  }
}
