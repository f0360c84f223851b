package dev.weft.spi.balancer;

import java.util.List;

/**
 * Balances the requests to one service over its endpoints.
 *
 * <p>Threading: {@link #update} and {@link #close} are called serially, never at the same time,
 * from a control thread (not from the request path); they may take locks but must not block on I/O.
 * The request path reads only the latest {@link Picker} the balancer {@link BalancerContext#publish
 * published}, without locks.
 *
 * <p>Lifecycle: created by {@link BalancerProvider#newBalancer}, updated whenever the set of
 * endpoints changes, closed when the proxy stops sending to the service. Experimental.
 */
public interface Balancer {
  /**
   * The endpoints now available, whole (not a difference): discovered, ready, and not ejected by
   * circuit breaking. The balancer publishes a picker over them before returning. An empty list
   * means there is no endpoint to send to; the picker published for it returns null.
   *
   * <p>An endpoint that appears in successive updates is the same {@link EndpointView} object, so
   * state kept per endpoint (keyed by identity of the view) carries over.
   */
  void update(List<EndpointView> endpoints);

  /** Releases what the balancer holds; no picker is published after it. */
  default void close() {}
}
