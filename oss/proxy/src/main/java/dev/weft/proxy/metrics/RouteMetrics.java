package dev.weft.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Request meters of one authority of a target: {@code request_total}, {@code response_total} and
 * {@code response_latency_ms}, the latter two per status code (and gRPC status). Thread-safe.
 */
public final class RouteMetrics {
  /** Linkerd's latency buckets, in milliseconds. */
  private static final double[] LATENCY_BUCKETS_MS = {
    1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1_000, 2_000, 3_000, 4_000, 5_000,
    10_000, 20_000, 30_000, 40_000, 50_000
  };

  /** The pseudo gRPC status of a response that is not gRPC. */
  public static final int NO_GRPC = -1;

  /** The pseudo HTTP status of a stream that ended in an error before a response. */
  public static final int NO_STATUS = 0;

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter requests;
  private final ConcurrentMap<Integer, ResponseMeters> responses = new ConcurrentHashMap<>();

  /** The meters used last: most responses of a route repeat the previous one's status. */
  private volatile ResponseMeters last;

  RouteMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    this.requests =
        Counter.builder("request").description("Requests received").tags(tags).register(registry);
  }

  /** Counts a request whose headers arrived. */
  public void request() {
    requests.increment();
  }

  /**
   * Records a finished response.
   *
   * @param status the HTTP status, or {@link #NO_STATUS} when the stream failed before one
   * @param grpcStatus the gRPC status, or {@link #NO_GRPC}
   * @param latencyNanos from the request's headers to the response's headers
   * @param failed whether the stream ended in an error (reset, closed early)
   */
  public void response(int status, int grpcStatus, long latencyNanos, boolean failed) {
    int g = grpcStatus < NO_GRPC || grpcStatus > 16 ? 2 : grpcStatus; // out-of-range is UNKNOWN
    int key = (status << 6) | ((g + 1) << 1) | (failed ? 1 : 0);
    ResponseMeters m = last;
    if (m == null || m.key != key) {
      m = responses.computeIfAbsent(key, k -> new ResponseMeters(k, status, g, failed));
      last = m;
    }
    m.total.increment();
    m.latency.record(latencyNanos / 1_000_000.0);
  }

  private final class ResponseMeters {
    final int key;
    final Counter total;
    final DistributionSummary latency;

    ResponseMeters(int key, int status, int grpcStatus, boolean failed) {
      this.key = key;
      boolean failure =
          failed
              || status >= 500
              || status == NO_STATUS
              || (grpcStatus != NO_GRPC && grpcStatus != 0);
      Tags t = tags.and("status_code", status == NO_STATUS ? "" : Integer.toString(status));
      latency =
          DistributionSummary.builder("response_latency_ms")
              .description("Elapsed time between a request's headers and its response's headers")
              .serviceLevelObjectives(LATENCY_BUCKETS_MS)
              .tags(t)
              .register(registry);
      total =
          Counter.builder("response")
              .description("Responses sent")
              .tags(
                  t.and("classification", failure ? "failure" : "success")
                      .and("grpc_status", grpcStatus == NO_GRPC ? "" : Integer.toString(grpcStatus))
                      .and("error", failed ? "stream" : ""))
              .register(registry);
    }
  }
}
