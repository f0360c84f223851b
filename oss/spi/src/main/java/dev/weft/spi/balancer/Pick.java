package dev.weft.spi.balancer;

/**
 * One choice of an endpoint for one request, and the report of how it went. Implementations may
 * return the same object for many requests (the outcome carries everything per request), so it
 * holds no per-request state. Thread-safe.
 */
public interface Pick {
  /** The endpoint chosen. */
  EndpointView endpoint();

  /**
   * How the request ended; called exactly once per {@link Picker#pick}, on any thread, without
   * blocking. Balancers use it to learn latency and failures.
   */
  void done(Outcome outcome);
}
