package dev.weft.controlplane.discovery.kubernetes;

import dev.weft.api.destination.v1.Backend;
import dev.weft.api.destination.v1.RetryPolicy;
import dev.weft.api.destination.v1.Route;
import dev.weft.api.destination.v1.RouteMatch;
import dev.weft.api.destination.v1.StatusRange;
import dev.weft.api.destination.v1.Timeouts;
import dev.weft.controlplane.discovery.PolicyValues;
import dev.weft.controlplane.discovery.ServiceName;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCMethodMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRetry;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads GAMMA routes (HTTPRoute, GRPCRoute whose parentRefs name a Service) into the contract's
 * routes. Anything Weft cannot honour exactly (a regular expression, a filter, a consumer route) is
 * an error naming the field, and the whole object is skipped: half a route would send traffic where
 * its author did not mean it to go.
 */
final class RouteTranslator {
  static final String RETRY_HTTP = "retry.weft.dev/http";
  static final String RETRY_GRPC = "retry.weft.dev/grpc";
  static final String RETRY_LIMIT = "retry.weft.dev/limit";
  static final String RETRY_TIMEOUT = "retry.weft.dev/timeout";

  private final String clusterDomain;

  RouteTranslator(String clusterDomain) {
    this.clusterDomain = clusterDomain;
  }

  /** The Services an object's parentRefs name, for indexing; never throws. */
  static List<TranslatedRoute.ParentService> parents(HasMetadata route) {
    List<ParentReference> refs =
        switch (route) {
          case HTTPRoute http -> http.getSpec() == null ? null : http.getSpec().getParentRefs();
          case GRPCRoute grpc -> grpc.getSpec() == null ? null : grpc.getSpec().getParentRefs();
          default -> null;
        };
    List<TranslatedRoute.ParentService> parents = new ArrayList<>();
    if (refs != null) {
      for (ParentReference ref : refs) {
        String group = Objects.requireNonNullElse(ref.getGroup(), "gateway.networking.k8s.io");
        if ("Service".equals(ref.getKind())
            && (group.isEmpty() || group.equals("core"))
            && ref.getName() != null) {
          parents.add(
              new TranslatedRoute.ParentService(
                  Objects.requireNonNullElse(
                      ref.getNamespace(), route.getMetadata().getNamespace()),
                  ref.getName(),
                  ref.getPort()));
        }
      }
    }
    return parents;
  }

  TranslatedRoute translate(HasMetadata route) {
    String namespace = route.getMetadata().getNamespace();
    String source = route.getKind() + " " + namespace + "/" + route.getMetadata().getName();
    Errors errors = new Errors(source);
    List<TranslatedRoute.ParentService> parents = parents(route);
    for (TranslatedRoute.ParentService parent : parents) {
      if (!parent.namespace().equals(namespace)) {
        errors.add(
            "spec.parentRefs",
            "Service "
                + parent.key()
                + " is in another namespace; consumer routes are not"
                + " supported (expected: the route in the Service's namespace)");
      }
    }
    RetryPolicy annotated = annotations(route, errors);
    List<Route> routes = new ArrayList<>();
    String prefix =
        route.getKind().toLowerCase(Locale.ROOT)
            + "/"
            + namespace
            + "/"
            + route.getMetadata().getName()
            + "/";
    switch (route) {
      case HTTPRoute http -> {
        List<HTTPRouteRule> rules = http.getSpec() == null ? null : http.getSpec().getRules();
        for (int i = 0; rules != null && i < rules.size(); i++) {
          routes.add(
              http(prefix, "spec.rules[" + i + "]", i, rules.get(i), namespace, annotated, errors));
        }
      }
      case GRPCRoute grpc -> {
        List<GRPCRouteRule> rules = grpc.getSpec() == null ? null : grpc.getSpec().getRules();
        for (int i = 0; rules != null && i < rules.size(); i++) {
          routes.add(
              grpc(prefix, "spec.rules[" + i + "]", i, rules.get(i), namespace, annotated, errors));
        }
      }
      default -> errors.add("kind", "not an HTTPRoute or GRPCRoute");
    }
    return new TranslatedRoute(
        source, parents, errors.list.isEmpty() ? routes : List.of(), errors.list);
  }

  private Route http(
      String prefix,
      String path,
      int index,
      HTTPRouteRule rule,
      String namespace,
      RetryPolicy annotated,
      Errors errors) {
    Route.Builder route = Route.newBuilder().setName(prefix + ruleName(rule.getName(), index));
    List<HTTPRouteMatch> matches = Objects.requireNonNullElse(rule.getMatches(), List.of());
    for (int j = 0; j < matches.size(); j++) {
      route.addMatches(httpMatch(path + ".matches[" + j + "]", matches.get(j), errors));
    }
    if (rule.getFilters() != null && !rule.getFilters().isEmpty()) {
      errors.add(path + ".filters", "filters are not supported");
    }
    List<HTTPBackendRef> refs = Objects.requireNonNullElse(rule.getBackendRefs(), List.of());
    for (int k = 0; k < refs.size(); k++) {
      HTTPBackendRef ref = refs.get(k);
      String at = path + ".backendRefs[" + k + "]";
      if (ref.getFilters() != null && !ref.getFilters().isEmpty()) {
        errors.add(at + ".filters", "filters are not supported");
      }
      backend(
              at,
              ref.getGroup(),
              ref.getKind(),
              ref.getName(),
              ref.getNamespace(),
              ref.getPort(),
              ref.getWeight(),
              namespace,
              errors)
          .ifPresent(route::addBackends);
    }
    RetryPolicy.Builder retry = annotated == null ? null : annotated.toBuilder();
    HTTPRouteTimeouts timeouts = rule.getTimeouts();
    if (timeouts != null) {
      var request = duration(path + ".timeouts.request", timeouts.getRequest(), errors);
      if (request != null) {
        route.setTimeouts(Timeouts.newBuilder().setRequest(request));
      }
      var perTry =
          duration(path + ".timeouts.backendRequest", timeouts.getBackendRequest(), errors);
      if (perTry != null) {
        retry = retry == null ? RetryPolicy.newBuilder() : retry;
        retry.setPerTryTimeout(perTry);
      }
    }
    HTTPRouteRetry spec = rule.getRetry();
    if (spec != null) {
      retry = retry == null ? RetryPolicy.newBuilder() : retry;
      if (spec.getCodes() != null) {
        for (Integer code : spec.getCodes()) {
          if (code == null || code < 100 || code > 599) {
            errors.add(path + ".retry.codes", "status " + code + " (expected: 100..599)");
          } else {
            retry.addHttpStatuses(StatusRange.newBuilder().setFrom(code).setTo(code));
          }
        }
      }
      if (spec.getAttempts() != null) {
        if (spec.getAttempts() < 0 || spec.getAttempts() > 100) {
          errors.add(path + ".retry.attempts", spec.getAttempts() + " (expected: 0..100)");
        } else {
          retry.setLimit(spec.getAttempts());
        }
      }
    }
    if (retry != null) {
      route.setRetry(retry);
    }
    return route.build();
  }

  private RouteMatch httpMatch(String path, HTTPRouteMatch match, Errors errors) {
    RouteMatch.Builder result = RouteMatch.newBuilder();
    HTTPPathMatch pathMatch = match.getPath();
    if (pathMatch != null) {
      String type = Objects.requireNonNullElse(pathMatch.getType(), "PathPrefix");
      String value = Objects.requireNonNullElse(pathMatch.getValue(), "/");
      if (!value.startsWith("/")) {
        errors.add(path + ".path.value", "'" + value + "' (expected: a path starting with /)");
      }
      switch (type) {
        case "Exact" -> result.setPathExact(value);
        case "PathPrefix" -> result.setPathPrefix(value);
        default ->
            errors.add(
                path + ".path.type", type + " is not supported (expected: Exact or PathPrefix)");
      }
    }
    if (match.getMethod() != null) {
      result.setMethod(match.getMethod());
    }
    List<HTTPHeaderMatch> headers = Objects.requireNonNullElse(match.getHeaders(), List.of());
    for (int h = 0; h < headers.size(); h++) {
      HTTPHeaderMatch header = headers.get(h);
      header(
          path + ".headers[" + h + "]",
          header.getType(),
          header.getName(),
          header.getValue(),
          result,
          errors);
    }
    if (match.getQueryParams() != null && !match.getQueryParams().isEmpty()) {
      errors.add(path + ".queryParams", "query parameter matches are not supported");
    }
    return result.build();
  }

  private Route grpc(
      String prefix,
      String path,
      int index,
      GRPCRouteRule rule,
      String namespace,
      RetryPolicy annotated,
      Errors errors) {
    Route.Builder route = Route.newBuilder().setName(prefix + ruleName(rule.getName(), index));
    List<GRPCRouteMatch> matches = Objects.requireNonNullElse(rule.getMatches(), List.of());
    for (int j = 0; j < matches.size(); j++) {
      String at = path + ".matches[" + j + "]";
      GRPCRouteMatch match = matches.get(j);
      RouteMatch.Builder result = RouteMatch.newBuilder();
      GRPCMethodMatch method = match.getMethod();
      if (method != null) {
        String type = Objects.requireNonNullElse(method.getType(), "Exact");
        if (!type.equals("Exact")) {
          errors.add(at + ".method.type", type + " is not supported (expected: Exact)");
        } else if (method.getService() == null && method.getMethod() != null) {
          errors.add(
              at + ".method.service",
              "a method without its service is not supported (expected: service, or both)");
        } else if (method.getService() != null) {
          if (method.getMethod() == null) {
            result.setPathPrefix("/" + method.getService() + "/");
          } else {
            result.setPathExact("/" + method.getService() + "/" + method.getMethod());
          }
        }
      }
      List<GRPCHeaderMatch> headers = Objects.requireNonNullElse(match.getHeaders(), List.of());
      for (int h = 0; h < headers.size(); h++) {
        GRPCHeaderMatch header = headers.get(h);
        header(
            at + ".headers[" + h + "]",
            header.getType(),
            header.getName(),
            header.getValue(),
            result,
            errors);
      }
      route.addMatches(result);
    }
    if (rule.getFilters() != null && !rule.getFilters().isEmpty()) {
      errors.add(path + ".filters", "filters are not supported");
    }
    List<GRPCBackendRef> refs = Objects.requireNonNullElse(rule.getBackendRefs(), List.of());
    for (int k = 0; k < refs.size(); k++) {
      GRPCBackendRef ref = refs.get(k);
      String at = path + ".backendRefs[" + k + "]";
      if (ref.getFilters() != null && !ref.getFilters().isEmpty()) {
        errors.add(at + ".filters", "filters are not supported");
      }
      backend(
              at,
              ref.getGroup(),
              ref.getKind(),
              ref.getName(),
              ref.getNamespace(),
              ref.getPort(),
              ref.getWeight(),
              namespace,
              errors)
          .ifPresent(route::addBackends);
    }
    if (annotated != null) {
      route.setRetry(annotated);
    }
    return route.build();
  }

  private static void header(
      String path,
      String type,
      String name,
      String value,
      RouteMatch.Builder result,
      Errors errors) {
    if (type != null && !type.equals("Exact")) {
      errors.add(path + ".type", type + " is not supported (expected: Exact)");
    } else if (name == null || name.isEmpty() || value == null) {
      errors.add(path, "a header match needs a name and a value");
    } else {
      result.putHeaders(name.toLowerCase(Locale.ROOT), value);
    }
  }

  private java.util.Optional<Backend> backend(
      String path,
      String group,
      String kind,
      String name,
      String refNamespace,
      Integer port,
      Integer weight,
      String namespace,
      Errors errors) {
    if ((group != null && !group.isEmpty() && !group.equals("core"))
        || (kind != null && !kind.equals("Service"))) {
      errors.add(path + ".kind", Objects.requireNonNullElse(kind, "") + " (expected: Service)");
      return java.util.Optional.empty();
    }
    if (refNamespace != null && !refNamespace.equals(namespace)) {
      errors.add(
          path + ".namespace",
          refNamespace
              + ": backends in another namespace are not supported (expected: "
              + namespace
              + ")");
      return java.util.Optional.empty();
    }
    if (port == null) {
      errors.add(path + ".port", "missing (expected: the Service port, 1..65535)");
      return java.util.Optional.empty();
    }
    int w = weight == null ? 1 : weight;
    if (w < 0 || w > 1_000_000) {
      errors.add(path + ".weight", w + " (expected: 0..1000000)");
      return java.util.Optional.empty();
    }
    try {
      ServiceName service = new ServiceName(name + "." + namespace + ".svc." + clusterDomain, port);
      return java.util.Optional.of(
          Backend.newBuilder().setName(service.toString()).setWeight(w).build());
    } catch (IllegalArgumentException e) {
      errors.add(path + ".name", e.getMessage());
      return java.util.Optional.empty();
    }
  }

  /** Retries from {@code retry.weft.dev/*} annotations, for every rule; null when none. */
  private static RetryPolicy annotations(HasMetadata route, Errors errors) {
    Map<String, String> annotations = route.getMetadata().getAnnotations();
    if (annotations == null) {
      return null;
    }
    RetryPolicy.Builder retry = RetryPolicy.newBuilder();
    boolean any = false;
    for (String key : List.of(RETRY_HTTP, RETRY_GRPC, RETRY_LIMIT, RETRY_TIMEOUT)) {
      String value = annotations.get(key);
      if (value == null) {
        continue;
      }
      any = true;
      try {
        switch (key) {
          case RETRY_HTTP -> retry.addAllHttpStatuses(PolicyValues.httpStatuses(value.strip()));
          case RETRY_GRPC -> retry.addAllGrpcCodes(PolicyValues.grpcCodes(value.strip()));
          case RETRY_LIMIT -> retry.setLimit(PolicyValues.integer("limit", value.strip(), 1, 100));
          default -> retry.setPerTryTimeout(PolicyValues.duration(value.strip()));
        }
      } catch (IllegalArgumentException e) {
        errors.add("metadata.annotations[" + key + "]", e.getMessage());
      }
    }
    return any ? retry.build() : null;
  }

  /** A Gateway API duration; null when absent or {@code 0s} (which means: no timeout). */
  private static com.google.protobuf.Duration duration(String path, String value, Errors errors) {
    if (value == null || value.matches("0+(ms|s|m|h)?")) {
      return null;
    }
    try {
      return PolicyValues.duration(value);
    } catch (IllegalArgumentException e) {
      errors.add(path, e.getMessage());
      return null;
    }
  }

  private static String ruleName(String name, int index) {
    return name == null || name.isEmpty() ? Integer.toString(index) : name;
  }

  /** Errors of one object, each prefixed with the object and the field. */
  private static final class Errors {
    final String source;
    final List<String> list = new ArrayList<>();

    Errors(String source) {
      this.source = source;
    }

    void add(String field, String reason) {
      list.add(source + " " + field + ": " + reason);
    }
  }
}
