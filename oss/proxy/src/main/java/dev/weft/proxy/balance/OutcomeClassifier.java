package dev.weft.proxy.balance;

import dev.weft.spi.balancer.Outcome;

/**
 * Turns a response into the {@link Outcome.Kind} balancers and circuit breaking learn from. The one
 * place that decides which responses count against an endpoint. Stateless.
 *
 * <p>With a gRPC status (from the trailers, or the headers of a trailers-only response) it decides
 * alone; without one, the HTTP status does:
 *
 * <ul>
 *   <li>OVERLOADED: HTTP 503 and 429; gRPC UNAVAILABLE (14) and RESOURCE_EXHAUSTED (8).
 *   <li>FAILURE: every other HTTP 5xx; gRPC UNKNOWN (2), INTERNAL (13), DATA_LOSS (15) and
 *       UNIMPLEMENTED (12). UNIMPLEMENTED counts because, within one service, it means an endpoint
 *       runs a build without the method (a bad rollout) as HTTP 501 does; the floor of {@link
 *       FailureAccrual} keeps a client's typo from ejecting more than half the endpoints.
 *   <li>CANCELLED: gRPC CANCELLED (1) and DEADLINE_EXCEEDED (4): the caller gave up, which says
 *       nothing about the endpoint (its latency is still in the outcome).
 *   <li>SUCCESS: everything else, including the gRPC statuses that are the application's answer
 *       (NOT_FOUND, INVALID_ARGUMENT, PERMISSION_DENIED, ...) and HTTP 4xx other than 429.
 * </ul>
 */
public final class OutcomeClassifier {
  /** Passed as the gRPC status of a response that has none (not gRPC, or no trailers yet). */
  public static final int NO_GRPC_STATUS = -1;

  private OutcomeClassifier() {}

  /**
   * @param httpStatus the response's status code
   * @param grpcStatus its {@code grpc-status}, or {@link #NO_GRPC_STATUS}
   */
  public static Outcome.Kind classify(int httpStatus, int grpcStatus) {
    if (grpcStatus >= 0) {
      return grpc(grpcStatus);
    }
    if (httpStatus == 503 || httpStatus == 429) {
      return Outcome.Kind.OVERLOADED;
    }
    if (httpStatus >= 500 && httpStatus <= 599) {
      return Outcome.Kind.FAILURE;
    }
    return Outcome.Kind.SUCCESS;
  }

  private static Outcome.Kind grpc(int status) {
    return switch (status) {
      case 8, 14 -> Outcome.Kind.OVERLOADED;
      case 2, 12, 13, 15 -> Outcome.Kind.FAILURE;
      case 1, 4 -> Outcome.Kind.CANCELLED;
      default -> Outcome.Kind.SUCCESS;
    };
  }

  /**
   * A {@code grpc-status} header value as a number, or {@link #NO_GRPC_STATUS} when it is absent
   * (null) or not a small non-negative decimal number.
   */
  public static int grpcStatus(CharSequence value) {
    if (value == null || value.isEmpty() || value.length() > 3) {
      return NO_GRPC_STATUS;
    }
    int n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return NO_GRPC_STATUS;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
