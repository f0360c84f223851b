package dev.weft.controlplane.discovery.local;

import dev.weft.api.destination.v1.RetryPolicy;
import dev.weft.api.destination.v1.Route;
import dev.weft.api.destination.v1.RouteMatch;
import dev.weft.api.destination.v1.Timeouts;
import dev.weft.controlplane.discovery.PolicyValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code route NAME key=value...} line: {@code match=METHOD:PATH} (repeatable), {@code
 * header.NAME=VALUE}, {@code timeout}, {@code response-timeout}, {@code retry-on}, {@code
 * retry-grpc}, {@code retry-limit}, {@code per-try-timeout}, {@code max-replay}, {@code backends}.
 */
final class RouteLine {
  private static final Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.]*");
  private static final Pattern METHOD = Pattern.compile("\\*|[A-Z]+");

  private RouteLine() {}

  static Route parse(List<String> args) throws RegistryLineException {
    if (args.isEmpty() || args.getFirst().contains("=")) {
      throw new RegistryLineException("route: no name (expected: route NAME [key=value...])");
    }
    String name = args.getFirst();
    String what = "route '" + name + "'";
    if (!ROUTE_NAME.matcher(name).matches()) {
      throw new RegistryLineException(
          what + ": bad name (expected: letters, digits, '-', '_' and '.')");
    }
    Route.Builder route = Route.newBuilder().setName(name);
    List<RouteMatch.Builder> matches = new ArrayList<>();
    Map<String, String> headers = new LinkedHashMap<>();
    Timeouts.Builder timeouts = Timeouts.newBuilder();
    RetryPolicy.Builder retry = RetryPolicy.newBuilder();
    boolean retries = false;
    for (String word : args.subList(1, args.size())) {
      KeyValue pair = KeyValue.parse(what, word);
      String value = pair.value();
      try {
        switch (pair.key()) {
          case "match" -> matches.add(match(value));
          case "timeout" -> timeouts.setRequest(PolicyValues.duration(value));
          case "response-timeout" -> timeouts.setResponse(PolicyValues.duration(value));
          case "retry-on" -> retry.addAllHttpStatuses(PolicyValues.httpStatuses(value));
          case "retry-grpc" -> retry.addAllGrpcCodes(PolicyValues.grpcCodes(value));
          case "retry-limit" -> retry.setLimit(PolicyValues.integer("retry-limit", value, 1, 100));
          case "per-try-timeout" -> retry.setPerTryTimeout(PolicyValues.duration(value));
          case "max-replay" -> retry.setMaxReplayBytes(PolicyValues.size(value));
          case "backends" -> {
            for (String backend : value.split(",", -1)) {
              route.addBackends(ServiceBlock.backend(what, backend));
            }
          }
          default -> {
            if (!pair.key().startsWith("header.") || pair.key().length() == "header.".length()) {
              throw new IllegalArgumentException(
                  "unknown key '"
                      + pair.key()
                      + "' (expected: match, header.NAME, timeout, response-timeout, retry-on,"
                      + " retry-grpc, retry-limit, per-try-timeout, max-replay or backends)");
            }
            headers.put(pair.key().substring("header.".length()).toLowerCase(Locale.ROOT), value);
          }
        }
      } catch (IllegalArgumentException e) {
        throw new RegistryLineException(what + ": " + pair.key() + ": " + e.getMessage());
      }
      retries |=
          pair.key().startsWith("retry-")
              || pair.key().equals("per-try-timeout")
              || pair.key().equals("max-replay");
    }
    if (!headers.isEmpty() && matches.isEmpty()) {
      matches.add(RouteMatch.newBuilder());
    }
    for (RouteMatch.Builder match : matches) {
      route.addMatches(match.putAllHeaders(headers));
    }
    if (timeouts.hasRequest() || timeouts.hasResponse()) {
      route.setTimeouts(timeouts);
    }
    if (retries) {
      route.setRetry(retry);
    }
    return route.build();
  }

  /** {@code METHOD:PATH}: METHOD may be {@code *}; a PATH ending in {@code *} is a prefix. */
  private static RouteMatch.Builder match(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "'" + value + "' has no ':' (expected: METHOD:PATH such as GET:/books* or *:/health)");
    }
    String method = value.substring(0, colon);
    String path = value.substring(colon + 1);
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException(
          "method '" + method + "' (expected: * or an upper-case method such as GET)");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path '" + path + "' (expected: starting with /)");
    }
    RouteMatch.Builder match = RouteMatch.newBuilder();
    if (!method.equals("*")) {
      match.setMethod(method);
    }
    if (path.endsWith("*")) {
      match.setPathPrefix(path.substring(0, path.length() - 1));
    } else {
      match.setPathExact(path);
    }
    return match;
  }
}
