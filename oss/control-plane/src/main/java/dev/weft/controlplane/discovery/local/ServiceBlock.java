package dev.weft.controlplane.discovery.local;

import dev.weft.api.destination.v1.Backend;
import dev.weft.api.destination.v1.FailureAccrual;
import dev.weft.api.destination.v1.ProtocolHint;
import dev.weft.api.destination.v1.RetryBudget;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.controlplane.discovery.EndpointAddress;
import dev.weft.controlplane.discovery.PolicyValues;
import dev.weft.controlplane.discovery.ServiceEndpoint;
import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.ServiceSnapshot;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One {@code service} line and the indented lines under it, becoming a {@link ServiceSnapshot}. */
final class ServiceBlock {
  static final int MAX_WEIGHT = 1_000_000;

  private final ServiceName name;
  private final ServicePolicy.Builder policy;
  private final Map<EndpointAddress, ServiceEndpoint> endpoints = new LinkedHashMap<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Set<String> routeNames = new HashSet<>();
  private final Set<String> singletons = new HashSet<>();
  private boolean broken;

  ServiceBlock(ServiceName name, String source) {
    this.name = name;
    this.policy = ServicePolicy.newBuilder().setSource(source);
    labels.put("service", name.host());
  }

  ServiceName name() {
    return name;
  }

  boolean broken() {
    return broken;
  }

  void markBroken() {
    broken = true;
  }

  ServiceSnapshot snapshot() {
    return new ServiceSnapshot(name, endpoints, policy.build(), labels);
  }

  /** {@code label.K=V} after the service name: metric labels of the service. */
  void serviceLabels(List<String> words) throws RegistryLineException {
    for (String word : words) {
      KeyValue pair = KeyValue.parse("service '" + name + "'", word);
      if (!pair.key().startsWith("label.") || pair.key().length() == "label.".length()) {
        throw new RegistryLineException(
            "service '"
                + name
                + "': unknown key '"
                + pair.key()
                + "' (expected: label.NAME=VALUE)");
      }
      labels.put(pair.key().substring("label.".length()), pair.value());
    }
  }

  void line(int number, String keyword, List<String> args) throws RegistryLineException {
    switch (keyword) {
      case "endpoint" -> endpoint(args);
      case "split" -> split(args);
      case "route" -> {
        var route = RouteLine.parse(args);
        if (!routeNames.add(route.getName())) {
          throw new RegistryLineException(
              "route '" + route.getName() + "' is defined twice in service '" + name + "'");
        }
        policy.addRoutes(route);
      }
      case "budget" -> budget(args);
      case "accrual" -> accrual(args);
      case "balancer" -> balancer(args);
      default ->
          throw new RegistryLineException(
              "unknown keyword '"
                  + keyword
                  + "' (expected: endpoint, split, route, budget, accrual or balancer)");
    }
  }

  private void endpoint(List<String> args) throws RegistryLineException {
    if (args.isEmpty()) {
      throw new RegistryLineException(
          "endpoint: no address (expected: endpoint IP:PORT [key=value...])");
    }
    String what = "endpoint '" + args.getFirst() + "'";
    EndpointAddress address;
    try {
      address = EndpointAddress.parse(args.getFirst());
    } catch (IllegalArgumentException e) {
      throw new RegistryLineException(what + ": " + e.getMessage());
    }
    String identity = "";
    String zone = "";
    int weight = 0;
    boolean ready = true;
    ProtocolHint hint = null;
    Map<String, String> endpointLabels = new LinkedHashMap<>();
    for (String word : args.subList(1, args.size())) {
      KeyValue pair = KeyValue.parse(what, word);
      try {
        switch (pair.key()) {
          case "identity" -> identity = pair.value();
          case "zone" -> zone = pair.value();
          case "weight" -> weight = PolicyValues.integer("weight", pair.value(), 0, MAX_WEIGHT);
          case "ready" -> ready = bool("ready", pair.value());
          case "protocol" ->
              hint =
                  switch (pair.value()) {
                    case "h2" -> ProtocolHint.PROTOCOL_HINT_H2;
                    case "unknown" -> ProtocolHint.PROTOCOL_HINT_UNKNOWN;
                    default ->
                        throw new IllegalArgumentException(
                            "protocol '" + pair.value() + "' (expected: h2 or unknown)");
                  };
          default -> {
            if (!pair.key().startsWith("label.") || pair.key().length() == "label.".length()) {
              throw new IllegalArgumentException(
                  "unknown key '"
                      + pair.key()
                      + "' (expected: identity, zone, weight, ready, protocol or label.NAME)");
            }
            endpointLabels.put(pair.key().substring("label.".length()), pair.value());
          }
        }
      } catch (IllegalArgumentException e) {
        throw new RegistryLineException(what + ": " + e.getMessage());
      }
    }
    if (hint == null) {
      // A meshed endpoint is a Weft proxy, which always takes HTTP/2 over mTLS.
      hint =
          identity.isEmpty() ? ProtocolHint.PROTOCOL_HINT_UNKNOWN : ProtocolHint.PROTOCOL_HINT_H2;
    }
    if (!zone.isEmpty()) {
      endpointLabels.putIfAbsent("zone", zone);
    }
    ServiceEndpoint endpoint =
        new ServiceEndpoint(address, weight, identity, hint, zone, endpointLabels, ready);
    if (endpoints.putIfAbsent(address, endpoint) != null) {
      throw new RegistryLineException(what + ": listed twice in service '" + name + "'");
    }
  }

  private void split(List<String> args) throws RegistryLineException {
    once("split");
    if (args.isEmpty()) {
      throw new RegistryLineException("split: no backends (expected: split NAME:PORT=WEIGHT ...)");
    }
    for (String word : args) {
      policy.addBackends(backend("split", word));
    }
  }

  private void budget(List<String> args) throws RegistryLineException {
    once("budget");
    RetryBudget.Builder budget =
        RetryBudget.newBuilder().setRetryRatio(0.2).setMinRetriesPerSecond(10);
    for (String word : args) {
      KeyValue pair = KeyValue.parse("budget", word);
      try {
        switch (pair.key()) {
          case "ratio" -> budget.setRetryRatio(ratio(pair.value()));
          case "min-per-second" ->
              budget.setMinRetriesPerSecond(
                  PolicyValues.integer("min-per-second", pair.value(), 0, 1_000_000));
          case "ttl" -> budget.setTtl(PolicyValues.duration(pair.value()));
          default ->
              throw new IllegalArgumentException(
                  "unknown key '" + pair.key() + "' (expected: ratio, min-per-second or ttl)");
        }
      } catch (IllegalArgumentException e) {
        throw new RegistryLineException("budget: " + e.getMessage());
      }
    }
    policy.setRetryBudget(budget);
  }

  private void accrual(List<String> args) throws RegistryLineException {
    once("accrual");
    FailureAccrual.Builder accrual = FailureAccrual.newBuilder();
    for (String word : args) {
      KeyValue pair = KeyValue.parse("accrual", word);
      try {
        switch (pair.key()) {
          case "failures" ->
              accrual.setConsecutiveFailures(
                  PolicyValues.integer("failures", pair.value(), 1, 1_000_000));
          case "min-backoff" -> accrual.setMinBackoff(PolicyValues.duration(pair.value()));
          case "max-backoff" -> accrual.setMaxBackoff(PolicyValues.duration(pair.value()));
          default ->
              throw new IllegalArgumentException(
                  "unknown key '"
                      + pair.key()
                      + "' (expected: failures, min-backoff or max-backoff)");
        }
      } catch (IllegalArgumentException e) {
        throw new RegistryLineException("accrual: " + e.getMessage());
      }
    }
    if (accrual.hasMinBackoff()
        && accrual.hasMaxBackoff()
        && millis(accrual.getMinBackoff()) > millis(accrual.getMaxBackoff())) {
      throw new RegistryLineException("accrual: min-backoff is longer than max-backoff");
    }
    policy.setFailureAccrual(accrual);
  }

  private void balancer(List<String> args) throws RegistryLineException {
    once("balancer");
    if (args.isEmpty() || args.getFirst().contains("=")) {
      throw new RegistryLineException(
          "balancer: no name (expected: balancer NAME [key=value...], e.g. balancer p2c-peak-ewma)");
    }
    policy.setBalancer(args.getFirst());
    // The balancer's provider validates its own configuration; here it is carried as given.
    for (String word : args.subList(1, args.size())) {
      KeyValue pair = KeyValue.parse("balancer '" + args.getFirst() + "'", word);
      policy.putBalancerConfig(pair.key(), pair.value());
    }
  }

  /** {@code NAME:PORT=WEIGHT}, as in split lines and a route's backends. */
  static Backend backend(String what, String word) throws RegistryLineException {
    int equals = word.lastIndexOf('=');
    if (equals < 0) {
      throw new RegistryLineException(
          what + ": backend '" + word + "' has no weight (expected: NAME:PORT=WEIGHT)");
    }
    try {
      ServiceName backend = ServiceName.parse(word.substring(0, equals));
      int weight = PolicyValues.integer("weight", word.substring(equals + 1), 0, MAX_WEIGHT);
      return Backend.newBuilder().setName(backend.toString()).setWeight(weight).build();
    } catch (IllegalArgumentException e) {
      throw new RegistryLineException(what + ": backend '" + word + "': " + e.getMessage());
    }
  }

  private void once(String keyword) throws RegistryLineException {
    if (!singletons.add(keyword)) {
      throw new RegistryLineException(
          keyword
              + ": given twice in service '"
              + name
              + "' (expected: at most one "
              + keyword
              + " line)");
    }
  }

  private static boolean bool(String key, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(key + " '" + value + "' (expected: true or false)");
    };
  }

  private static double ratio(String value) {
    try {
      double ratio = Double.parseDouble(value);
      if (ratio >= 0 && ratio <= 10) {
        return ratio;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "ratio '" + value + "' (expected: a number in 0..10 such as 0.2)");
  }

  private static long millis(com.google.protobuf.Duration duration) {
    return duration.getSeconds() * 1000 + duration.getNanos() / 1_000_000;
  }
}
