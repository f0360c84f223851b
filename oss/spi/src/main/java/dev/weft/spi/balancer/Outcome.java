package dev.weft.spi.balancer;

/**
 * How one request sent to an endpoint ended, as the balancer needs to know it.
 *
 * @param kind what happened
 * @param latencyNanos from sending the request until its response headers (or the failure)
 * @param retryAfterNanos how long the endpoint asked not to be sent more (from a {@code
 *     Retry-After} header of a 503 or 429), or 0
 */
public record Outcome(Kind kind, long latencyNanos, long retryAfterNanos) {
  public enum Kind {
    /** A response that is not a failure of the endpoint (2xx-4xx except 429). */
    SUCCESS,
    /** The endpoint answered, but with a server error (5xx except 503, gRPC INTERNAL, ...). */
    FAILURE,
    /** The endpoint is overloaded: 503, 429, gRPC UNAVAILABLE or RESOURCE_EXHAUSTED. */
    OVERLOADED,
    /** The endpoint could not be reached: refused, reset, timed out before any response. */
    UNREACHABLE,
    /** The client gave up or the proxy timed out the request; says nothing about the endpoint. */
    CANCELLED
  }

  public Outcome {
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos: " + latencyNanos + " (expected: >= 0)");
    }
    if (retryAfterNanos < 0) {
      throw new IllegalArgumentException(
          "retryAfterNanos: " + retryAfterNanos + " (expected: >= 0)");
    }
  }

  /** Whether it counts against the endpoint (for penalties and circuit breaking). */
  public boolean failed() {
    return kind == Kind.FAILURE || kind == Kind.OVERLOADED || kind == Kind.UNREACHABLE;
  }
}
