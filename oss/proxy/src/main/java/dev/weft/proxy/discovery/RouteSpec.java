package dev.weft.proxy.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One route of a service: which requests it takes, where they go, how long they may take and
 * whether they are retried.
 *
 * @param matches alternatives; empty matches every request
 * @param backends where its requests go; empty means the service's own split
 * @param requestTimeout from the request's start until the response's headers, across retries; null
 *     for none
 * @param responseTimeout from the end of the request until the end of the response, per try; null
 *     for none
 * @param retry null for no retries
 */
public record RouteSpec(
    String name,
    List<MatchSpec> matches,
    List<BackendSpec> backends,
    Duration requestTimeout,
    Duration responseTimeout,
    RetrySpec retry) {
  /** The route of requests no configured route matches. */
  public static final RouteSpec DEFAULT =
      new RouteSpec("default", List.of(), List.of(), null, null, null);

  public RouteSpec {
    Objects.requireNonNull(name, "name");
    matches = List.copyOf(matches);
    backends = List.copyOf(backends);
  }
}
