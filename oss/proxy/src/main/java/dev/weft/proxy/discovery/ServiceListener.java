package dev.weft.proxy.discovery;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Receives what discovery learns about one service. Calls for one watch come serially, from one
 * thread that is never an event loop; they may take locks but must not block on I/O.
 */
public interface ServiceListener {
  /** The service's endpoints now, whole; empty when it has none. */
  void endpoints(Map<InetSocketAddress, EndpointSpec> endpoints);

  /** The service's policy now, whole. */
  void policy(ServicePolicy policy);

  /** The service does not exist (or no longer does). */
  void noSuchService(String reason);
}
