package dev.weft.proxy.outbound;

import dev.weft.proxy.balance.WeightedSplit;
import dev.weft.proxy.discovery.RetrySpec;
import dev.weft.proxy.discovery.RouteSpec;
import dev.weft.proxy.errors.ProxyError;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One request to a discovered service, across its tries: the route it matched, the backend its
 * split chose, the endpoint of each try, and whether another try is allowed (the route's retry
 * policy, its limit, the service's retry budget). The protocol code (HTTP/1 exchange, HTTP/2
 * stream) moves the bytes and asks this what to do. Confined to the request's event loop.
 */
public final class Dispatch {
  /** How long a request waits for discovery's first answer about a service it names. */
  static final Duration DISCOVERY_WAIT = Duration.ofSeconds(10);

  private final OutboundTargets targets;
  private final Service service;
  private final RouteSpec route;
  private final Service.Snapshot snapshot;
  private final boolean idempotent;
  private Service backend;
  private int retries;
  private Pick pick;
  private Endpoint endpoint;
  private long tryStart;
  private long latency = -1;

  private Dispatch(
      OutboundTargets targets,
      Service service,
      RouteSpec route,
      Service.Snapshot snapshot,
      boolean idempotent) {
    this.targets = targets;
    this.service = service;
    this.route = route;
    this.snapshot = snapshot;
    this.idempotent = idempotent;
  }

  /**
   * Starts a request to {@code service}, once discovery answered about it (and about the backend
   * its split chose): {@code then} runs on {@code loop} with the dispatch, or with the error to
   * answer (no such service, discovery silent).
   *
   * @param path the request's path without its query
   * @param header a request header's value by lower-case name
   */
  public static void start(
      OutboundTargets targets,
      Service service,
      String method,
      String path,
      Function<String, String> header,
      EventLoop loop,
      Consumer<Dispatch> then,
      Consumer<ProxyError> failed) {
    start(targets, service, null, method, path, header, loop, then, failed);
  }

  /**
   * As {@link #start(OutboundTargets, Service, String, String, Function, EventLoop, Consumer,
   * Consumer)}, going on to the service named {@code orElse} (when not null) if discovery says
   * there is no {@code service}.
   */
  public static void start(
      OutboundTargets targets,
      Service service,
      String orElse,
      String method,
      String path,
      Function<String, String> header,
      EventLoop loop,
      Consumer<Dispatch> then,
      Consumer<ProxyError> failed) {
    service.touch(targets.nanoTime());
    whenAnswered(
        service,
        loop,
        () -> {
          if (service.closed()) {
            // Evicted as this request arrived: start over with the service built again.
            Service again = targets.service(service.name());
            if (again == null || again.closed()) {
              failed.accept(
                  new ProxyError(
                      ProxyError.Kind.NO_ENDPOINTS, "service " + service.name() + " was dropped"));
            } else {
              start(targets, again, orElse, method, path, header, loop, then, failed);
            }
            return;
          }
          if (service.missing() != null) {
            Service next =
                orElse == null || orElse.equals(service.name()) ? null : targets.service(orElse);
            if (next != null) {
              start(targets, next, null, method, path, header, loop, then, failed);
              return;
            }
            failed.accept(new ProxyError(ProxyError.Kind.NO_ROUTE, service.missing()));
            return;
          }
          Service.Snapshot snap = service.snapshot();
          RouteSpec route = snap.policy().route(method, path, header);
          snap.budget().deposit();
          Dispatch d = new Dispatch(targets, service, route, snap, isIdempotent(method));
          WeightedSplit<String> split = snap.split(route);
          Service backend = split == null ? service : targets.service(split.pick());
          if (backend == null) {
            failed.accept(
                new ProxyError(
                    ProxyError.Kind.NO_ENDPOINTS, "too many services watched (" + service + ")"));
            return;
          }
          backend.touch(targets.nanoTime());
          d.backend = backend;
          whenAnswered(backend, loop, () -> then.accept(d), failed);
        },
        failed);
  }

  private static void whenAnswered(
      Service s, EventLoop loop, Runnable then, Consumer<ProxyError> failed) {
    CompletableFuture<Void> answered = s.answered();
    if (answered.isDone()) {
      then.run();
      return;
    }
    var timeout =
        loop.schedule(
            () -> {
              if (!answered.isDone()) {
                failed.accept(
                    new ProxyError(
                        ProxyError.Kind.NO_ENDPOINTS,
                        "discovery did not answer about "
                            + s.name()
                            + " within "
                            + DISCOVERY_WAIT.toSeconds()
                            + " s"));
              }
            },
            DISCOVERY_WAIT.toMillis(),
            TimeUnit.MILLISECONDS);
    answered.thenRun(() ->
        loop.execute(() -> {
          if (timeout.cancel(false)) {
            then.run();
          }
        }));
  }

  private static boolean isIdempotent(String method) {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
      default -> false;
    };
  }

  public RouteSpec route() {
    return route;
  }

  /** The request meters: of the service the request named. */
  public TargetMetrics metrics() {
    return targets.logicalMetrics(service);
  }

  /**
   * The endpoint of the next try, or null when the backend has none to offer (then {@link
   * #unavailable()} says why). The previous try must have {@link #ended}.
   */
  public Endpoint next() {
    if (pick != null) {
      throw new IllegalStateException("the previous try has not ended");
    }
    Pick p = backend.pick();
    if (p == null) {
      return null;
    }
    pick = p;
    endpoint = (Endpoint) p.endpoint();
    endpoint.started();
    tryStart = targets.nanoTime();
    latency = -1;
    return endpoint;
  }

  /**
   * The current try got its answer (response headers; for TCP, the connection): its latency is
   * measured to now, whenever it ends.
   */
  public void responded() {
    if (pick != null && latency < 0) {
      latency = Math.max(0, targets.nanoTime() - tryStart);
    }
  }

  public ProxyError unavailable() {
    String why =
        backend.missing() != null
            ? backend.missing()
            : backend.endpointCount() == 0
                ? "no endpoints"
                : "every endpoint is ejected or unavailable";
    return new ProxyError(
        ProxyError.Kind.NO_ENDPOINTS,
        why + " (" + backend.name() + (backend == service ? "" : ", for " + service.name()) + ")");
  }

  /** Whether a try is under way. */
  public boolean trying() {
    return pick != null;
  }

  /**
   * The current try ended; tells the balancer and circuit breaking how.
   *
   * @param retryAfterNanos from a {@code Retry-After} header, or 0
   */
  public void ended(Outcome.Kind kind, long retryAfterNanos) {
    Pick p = pick;
    if (p == null) {
      return;
    }
    pick = null;
    Endpoint e = endpoint;
    long latency = this.latency >= 0 ? this.latency : Math.max(0, targets.nanoTime() - tryStart);
    e.ended();
    if (e.meters() != null) {
      e.meters().record(kind);
    }
    p.done(new Outcome(kind, latency, retryAfterNanos));
    this.latency = -1;
    if (kind != Outcome.Kind.CANCELLED) {
      backend.record(e, kind != Outcome.Kind.SUCCESS);
    }
  }

  /** Whether the route retries a response with this HTTP status. */
  public boolean retriesStatus(int status) {
    return route.retry() != null && route.retry().retriesStatus(status);
  }

  /** Whether the route retries a trailers-only response with this gRPC status. */
  public boolean retriesGrpc(int code) {
    return route.retry() != null && route.retry().retriesGrpc(code);
  }

  /** Whether a request that reached an endpoint and got no answer may be sent again. */
  public boolean idempotent() {
    return idempotent;
  }

  /** How many request body bytes to keep for replay: 0 when the route never retries a sent one. */
  public int replayLimit() {
    RetrySpec r = route.retry();
    if (r != null) {
      return r.maxReplayBytes();
    }
    return idempotent ? RetrySpec.DEFAULT_MAX_REPLAY : 0;
  }

  /**
   * Whether another try may be made, counting it if so: within the route's limit (2 without a retry
   * policy, for tries that never reached an endpoint or that an idempotent request lost), with a
   * body that was kept whole, and within the service's retry budget.
   *
   * @param reason what failed, for metrics ({@code status}, {@code unreachable}, {@code closed},
   *     {@code per-try-timeout})
   * @param replayable whether the request's body so far was kept whole
   */
  public boolean retry(String reason, boolean replayable) {
    int limit = route.retry() != null ? route.retry().limit() : RetrySpec.DEFAULT_LIMIT;
    if (retries >= limit) {
      targets.metrics().retrySkipped(service.name(), route.name(), "limit");
      return false;
    }
    if (!replayable) {
      targets.metrics().retrySkipped(service.name(), route.name(), "body");
      return false;
    }
    if (!snapshot.budget().tryWithdraw()) {
      targets.metrics().retrySkipped(service.name(), route.name(), "budget");
      return false;
    }
    retries++;
    targets.metrics().retry(service.name(), route.name(), reason);
    return true;
  }

  /**
   * The current try never reached its endpoint (refused, or closed as it opened): ends it, and says
   * whether another may be made. Nothing was sent, so any request may go elsewhere as it is.
   *
   * @param mayRetry false when the request must not be tried again whatever the policy (an upgrade)
   */
  public boolean unreachable(boolean mayRetry) {
    ended(Outcome.Kind.UNREACHABLE, 0);
    return mayRetry && retry("unreachable", true);
  }

  public int retries() {
    return retries;
  }

  public Duration requestTimeout() {
    return route.requestTimeout();
  }

  public Duration responseTimeout() {
    return route.responseTimeout();
  }

  public Duration perTryTimeout() {
    return route.retry() == null ? null : route.retry().perTryTimeout();
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public String serviceName() {
    return service.name();
  }
}
