package dev.weft.spi.balancer;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What a balancer sees of one endpoint. The proxy owns it; the descriptive fields never change for
 * the life of the view (a changed endpoint is a new view), while {@link #load()} moves with
 * traffic. Thread-safe.
 */
public interface EndpointView {
  InetSocketAddress address();

  /** Relative weight, > 0 (100 unless discovery says otherwise). */
  int weight();

  /** Its zone, or empty when unknown (HAZL treats it as another zone). */
  String zone();

  /** The identity of the proxy in front of it, or empty when it is not meshed. */
  String identity();

  /** Its labels from discovery (pod, ...), for metrics. */
  Map<String, String> labels();

  /**
   * Requests sent to it by this proxy that have not ended (in flight, or waiting for a connection
   * to it). Read without locks; may be a moment stale.
   */
  int load();
}
