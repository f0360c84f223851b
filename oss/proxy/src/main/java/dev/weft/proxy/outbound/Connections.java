package dev.weft.proxy.outbound;

import dev.weft.proxy.config.Target;
import dev.weft.proxy.http1.Http1Forwarder;
import dev.weft.proxy.http2.H2Forwarder;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.upstream.Connector;

/**
 * The connections to one target (address, and identity when meshed), shared by every service that
 * has it as an endpoint: its HTTP/1 pools and its multiplexed HTTP/2 connections, with its
 * connection meters, its zone accounting, and the connector that opens them counting their bytes in
 * it (for opaque connections, which go through no pool).
 */
public record Connections(
    Target target,
    TargetMetrics metrics,
    Http1Forwarder http1,
    H2Forwarder http2,
    ZoneTraffic zone,
    Connector connector) {

  /** Closes idle connections and lets busy ones finish: the target left every service. */
  void retire() {
    http1.retire();
    http2.retire();
  }
}
