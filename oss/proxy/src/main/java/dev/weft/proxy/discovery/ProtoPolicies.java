package dev.weft.proxy.discovery;

import dev.weft.api.destination.v1.Address;
import dev.weft.api.destination.v1.Backend;
import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.Route;
import dev.weft.api.destination.v1.RouteMatch;
import dev.weft.api.destination.v1.StatusRange;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the Destination API's messages into the proxy's records, checking what the proto cannot
 * express. A bad field throws {@link IllegalArgumentException} naming it.
 */
final class ProtoPolicies {
  private ProtoPolicies() {}

  static InetSocketAddress address(Address a) {
    if (a.getPort() == 0 || a.getPort() > 65535) {
      throw new IllegalArgumentException("address.port: " + a.getPort() + " (expected: 1..65535)");
    }
    // Only IP literals: resolving a name here could block the discovery thread.
    if (!a.getIp().matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException(
          "address.ip: '" + a.getIp() + "' (expected: an IPv4 or IPv6 literal)");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(a.getIp()), a.getPort());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "address.ip: '" + a.getIp() + "' (expected: an IPv4 or IPv6 literal)", e);
    }
  }

  static EndpointSpec endpoint(Endpoint e, Map<String, String> serviceLabels) {
    Map<String, String> labels = new HashMap<>(serviceLabels);
    labels.putAll(e.getMetricLabelsMap());
    return new EndpointSpec(
        address(e.getAddress()),
        e.getWeight() == 0 ? EndpointSpec.DEFAULT_WEIGHT : e.getWeight(),
        e.getIdentity(),
        e.getZone(),
        labels,
        e.getReady());
  }

  static ServicePolicy policy(dev.weft.api.destination.v1.ServicePolicy p) {
    List<RouteSpec> routes = new ArrayList<>();
    for (int i = 0; i < p.getRoutesCount(); i++) {
      routes.add(route(p.getRoutes(i), "routes[" + i + "]"));
    }
    ServicePolicy.BudgetSpec budget = ServicePolicy.BudgetSpec.DEFAULT;
    if (p.hasRetryBudget()) {
      var b = p.getRetryBudget();
      budget =
          new ServicePolicy.BudgetSpec(
              b.getRetryRatio(),
              b.getMinRetriesPerSecond(),
              b.hasTtl() ? positive(b.getTtl(), "retry_budget.ttl") : Duration.ofSeconds(10));
    }
    ServicePolicy.AccrualSpec accrual = ServicePolicy.AccrualSpec.DEFAULT;
    if (p.hasFailureAccrual()) {
      var a = p.getFailureAccrual();
      var d = ServicePolicy.AccrualSpec.DEFAULT;
      accrual =
          new ServicePolicy.AccrualSpec(
              a.getConsecutiveFailures() == 0 ? d.failures() : a.getConsecutiveFailures(),
              a.hasMinBackoff()
                  ? positive(a.getMinBackoff(), "failure_accrual.min_backoff")
                  : d.minBackoff(),
              a.hasMaxBackoff()
                  ? positive(a.getMaxBackoff(), "failure_accrual.max_backoff")
                  : d.maxBackoff());
    }
    return new ServicePolicy(
        routes,
        backends(p.getBackendsList(), "backends"),
        budget,
        p.getBalancer(),
        p.getBalancerConfigMap(),
        accrual,
        p.getSource());
  }

  private static RouteSpec route(Route r, String field) {
    List<MatchSpec> matches = new ArrayList<>();
    for (RouteMatch m : r.getMatchesList()) {
      Map<String, String> headers = new HashMap<>();
      m.getHeadersMap().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
      matches.add(
          new MatchSpec(
              m.hasPathExact() ? m.getPathExact() : null,
              m.hasPathPrefix() ? m.getPathPrefix() : null,
              m.getMethod().isEmpty() ? null : m.getMethod(),
              headers));
    }
    Duration request =
        r.getTimeouts().hasRequest()
            ? positive(r.getTimeouts().getRequest(), field + ".timeouts.request")
            : null;
    Duration response =
        r.getTimeouts().hasResponse()
            ? positive(r.getTimeouts().getResponse(), field + ".timeouts.response")
            : null;
    RetrySpec retry = null;
    if (r.hasRetry()) {
      var rp = r.getRetry();
      BitSet statuses = new BitSet(600);
      for (StatusRange s : rp.getHttpStatusesList()) {
        if (s.getFrom() < 100 || s.getTo() > 599 || s.getFrom() > s.getTo()) {
          throw new IllegalArgumentException(
              field
                  + ".retry.http_statuses: "
                  + s.getFrom()
                  + ".."
                  + s.getTo()
                  + " (expected: a range within 100..599)");
        }
        statuses.set(s.getFrom(), s.getTo() + 1);
      }
      Set<Integer> grpc = new HashSet<>(rp.getGrpcCodesList());
      retry =
          new RetrySpec(
              statuses,
              grpc,
              rp.getLimit() == 0 ? RetrySpec.DEFAULT_LIMIT : rp.getLimit(),
              rp.hasPerTryTimeout()
                  ? positive(rp.getPerTryTimeout(), field + ".retry.per_try_timeout")
                  : null,
              rp.getMaxReplayBytes() == 0 ? RetrySpec.DEFAULT_MAX_REPLAY : rp.getMaxReplayBytes());
    }
    return new RouteSpec(
        r.getName().isEmpty() ? field : r.getName(),
        matches,
        backends(r.getBackendsList(), field + ".backends"),
        request,
        response,
        retry);
  }

  private static List<BackendSpec> backends(List<Backend> list, String field) {
    List<BackendSpec> out = new ArrayList<>();
    for (Backend b : list) {
      if (b.getName().isEmpty()) {
        throw new IllegalArgumentException(field + ".name: empty (expected: a service host:port)");
      }
      out.add(new BackendSpec(Names.normalize(b.getName()), b.getWeight()));
    }
    if (!out.isEmpty() && out.stream().allMatch(b -> b.weight() == 0)) {
      throw new IllegalArgumentException(field + ": every weight is 0 (expected: one > 0)");
    }
    return out;
  }

  private static Duration positive(com.google.protobuf.Duration d, String field) {
    Duration v = Duration.ofSeconds(d.getSeconds(), d.getNanos());
    if (v.isNegative() || v.isZero()) {
      throw new IllegalArgumentException(field + ": " + v + " (expected: > 0)");
    }
    return v;
  }
}
