package dev.weft.proxy.metrics;

/**
 * A further count of one upstream connection's raw bytes, besides its target's {@code tcp_*}
 * meters: {@link ConnectionMetricsHandler} calls it for every buffer it sees. Called on the
 * connection's event loop, once per read or write, so it must only increment what it already holds.
 */
public interface ByteTally {
  /** {@code n} bytes written to the peer. */
  void sent(long n);

  /** {@code n} bytes read from the peer. */
  void received(long n);
}
