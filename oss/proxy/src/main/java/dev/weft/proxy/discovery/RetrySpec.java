package dev.weft.proxy.discovery;

import java.time.Duration;
import java.util.BitSet;
import java.util.Set;

/**
 * A route's retry policy.
 *
 * @param httpStatuses the HTTP statuses retried
 * @param grpcCodes the gRPC status codes retried (from trailers-only responses)
 * @param limit how many times one request may be retried, > 0
 * @param perTryTimeout how long each try may wait for response headers, or null for no limit
 * @param maxReplayBytes requests with a longer body are not retried
 */
public record RetrySpec(
    BitSet httpStatuses,
    Set<Integer> grpcCodes,
    int limit,
    Duration perTryTimeout,
    int maxReplayBytes) {
  public static final int DEFAULT_LIMIT = 2;
  public static final int DEFAULT_MAX_REPLAY = 64 * 1024;

  public RetrySpec {
    httpStatuses = (BitSet) httpStatuses.clone();
    grpcCodes = Set.copyOf(grpcCodes);
    if (limit <= 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    if (maxReplayBytes < 0) {
      throw new IllegalArgumentException("maxReplayBytes: " + maxReplayBytes + " (expected: >= 0)");
    }
  }

  public boolean retriesStatus(int status) {
    return status >= 0 && httpStatuses.get(status);
  }

  public boolean retriesGrpc(int code) {
    return grpcCodes.contains(code);
  }
}
