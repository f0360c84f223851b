package dev.weft.controlplane.discovery.kubernetes;

import dev.weft.api.destination.v1.FailureAccrual;
import dev.weft.api.destination.v1.RetryBudget;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.controlplane.discovery.PolicyValues;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@code ServicePolicy} (policy.weft.dev/v1alpha1) into the parts of a service's policy it
 * sets: the retry budget, failure accrual and balancer of the local registry's {@code budget},
 * {@code accrual} and {@code balancer} lines, with the same defaults and bounds. Every error names
 * the field; an object with any error is not applied (its last good version stays in force).
 *
 * <p>The API server already validates against the CRD's schema; this checks again because a cluster
 * may run an older CRD, and because the bounds that matter are the ones proxies rely on.
 */
final class ServicePolicyTranslator {
  static final String GROUP = "policy.weft.dev";
  static final String VERSION = "v1alpha1";
  static final String KIND = "ServicePolicy";
  static final String PLURAL = "servicepolicies";

  /** Every field read, as paths; the CRD's schema must list exactly these (a test checks it). */
  static final Set<String> FIELDS =
      Set.of(
          "spec.targetRef.group",
          "spec.targetRef.kind",
          "spec.targetRef.name",
          "spec.retryBudget.ratio",
          "spec.retryBudget.minPerSecond",
          "spec.retryBudget.ttl",
          "spec.failureAccrual.failures",
          "spec.failureAccrual.minBackoff",
          "spec.failureAccrual.maxBackoff",
          "spec.balancer.name",
          "spec.balancer.config");

  static final double MAX_RATIO = 10;
  static final int MAX_PER_SECOND = 1_000_000;
  static final int MAX_FAILURES = 1_000_000;

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Collects the errors of one object, each prefixed by the object and the field. */
  private static final class Errors {
    final String source;
    final List<String> list = new ArrayList<>();

    Errors(String source) {
      this.source = source;
    }

    void add(String field, String message) {
      list.add(source + " " + field + ": " + message);
    }
  }

  TranslatedServicePolicy translate(GenericKubernetesResource object) {
    String namespace = object.getMetadata().getNamespace();
    String source = KIND + " " + namespace + "/" + object.getMetadata().getName();
    Errors errors = new Errors(source);
    Map<String, Object> spec = map(errors, "spec", object.getAdditionalProperties().get("spec"));
    if (spec == null) {
      if (!object.getAdditionalProperties().containsKey("spec")) {
        errors.add("spec", "missing (expected: an object with targetRef)");
      }
      return new TranslatedServicePolicy(
          source, null, ServicePolicy.getDefaultInstance(), errors.list);
    }
    known(errors, "spec", spec, Set.of("targetRef", "retryBudget", "failureAccrual", "balancer"));
    String target = targetRef(errors, namespace, spec.get("targetRef"));
    ServicePolicy.Builder settings = ServicePolicy.newBuilder();
    if (spec.containsKey("retryBudget")) {
      retryBudget(errors, spec.get("retryBudget"), settings);
    }
    if (spec.containsKey("failureAccrual")) {
      failureAccrual(errors, spec.get("failureAccrual"), settings);
    }
    if (spec.containsKey("balancer")) {
      balancer(errors, spec.get("balancer"), settings);
    }
    return new TranslatedServicePolicy(source, target, settings.build(), errors.list);
  }

  /** The Service {@code spec.targetRef} names, as {@code ns/name}; null if it cannot be read. */
  static String target(GenericKubernetesResource object) {
    Errors ignored = new Errors("");
    Object spec = object.getAdditionalProperties().get("spec");
    Map<String, Object> ref =
        spec instanceof Map<?, ?> map ? map(ignored, "", map.get("targetRef")) : null;
    return ref != null && ref.get("name") instanceof String name
        ? object.getMetadata().getNamespace() + "/" + name
        : null;
  }

  private static String targetRef(Errors errors, String namespace, Object value) {
    if (value == null) {
      errors.add("spec.targetRef", "missing (expected: {kind: Service, name: NAME})");
      return null;
    }
    Map<String, Object> ref = map(errors, "spec.targetRef", value);
    if (ref == null) {
      return null;
    }
    known(errors, "spec.targetRef", ref, Set.of("group", "kind", "name"));
    Object group = ref.getOrDefault("group", "");
    if (!"".equals(group) && !"core".equals(group)) {
      errors.add("spec.targetRef.group", quoted(group) + " (expected: \"\" or core)");
    }
    if (!"Service".equals(ref.get("kind"))) {
      errors.add("spec.targetRef.kind", quoted(ref.get("kind")) + " (expected: Service)");
    }
    if (!(ref.get("name") instanceof String name) || !DNS_LABEL.matcher(name).matches()) {
      errors.add(
          "spec.targetRef.name",
          quoted(ref.get("name")) + " (expected: the name of a Service in " + namespace + ")");
      return null;
    }
    return namespace + "/" + name;
  }

  private static void retryBudget(Errors errors, Object value, ServicePolicy.Builder settings) {
    String at = "spec.retryBudget";
    Map<String, Object> budget = map(errors, at, value);
    if (budget == null) {
      return;
    }
    known(errors, at, budget, Set.of("ratio", "minPerSecond", "ttl"));
    // The registry's defaults: a budget that names only some keys keeps the others' defaults.
    RetryBudget.Builder result =
        RetryBudget.newBuilder().setRetryRatio(0.2).setMinRetriesPerSecond(10);
    if (budget.containsKey("ratio")) {
      Object ratio = budget.get("ratio");
      if (ratio instanceof Number number
          && number.doubleValue() >= 0
          && number.doubleValue() <= MAX_RATIO) {
        result.setRetryRatio(number.doubleValue());
      } else {
        errors.add(at + ".ratio", quoted(ratio) + " (expected: a number in 0..10 such as 0.2)");
      }
    }
    if (budget.containsKey("minPerSecond")) {
      Integer perSecond =
          integer(errors, at + ".minPerSecond", budget.get("minPerSecond"), 0, MAX_PER_SECOND);
      if (perSecond != null) {
        result.setMinRetriesPerSecond(perSecond);
      }
    }
    if (budget.containsKey("ttl")) {
      com.google.protobuf.Duration ttl = duration(errors, at + ".ttl", budget.get("ttl"));
      if (ttl != null) {
        result.setTtl(ttl);
      }
    }
    settings.setRetryBudget(result);
  }

  private static void failureAccrual(Errors errors, Object value, ServicePolicy.Builder settings) {
    String at = "spec.failureAccrual";
    Map<String, Object> accrual = map(errors, at, value);
    if (accrual == null) {
      return;
    }
    known(errors, at, accrual, Set.of("failures", "minBackoff", "maxBackoff"));
    FailureAccrual.Builder result = FailureAccrual.newBuilder();
    if (accrual.containsKey("failures")) {
      Integer failures =
          integer(errors, at + ".failures", accrual.get("failures"), 1, MAX_FAILURES);
      if (failures != null) {
        result.setConsecutiveFailures(failures);
      }
    }
    if (accrual.containsKey("minBackoff")) {
      var min = duration(errors, at + ".minBackoff", accrual.get("minBackoff"));
      if (min != null) {
        result.setMinBackoff(min);
      }
    }
    if (accrual.containsKey("maxBackoff")) {
      var max = duration(errors, at + ".maxBackoff", accrual.get("maxBackoff"));
      if (max != null) {
        result.setMaxBackoff(max);
      }
    }
    if (result.hasMinBackoff()
        && result.hasMaxBackoff()
        && millis(result.getMinBackoff()) > millis(result.getMaxBackoff())) {
      errors.add(
          at + ".minBackoff",
          quoted(accrual.get("minBackoff"))
              + " is longer than maxBackoff "
              + quoted(accrual.get("maxBackoff"))
              + " (expected: minBackoff <= maxBackoff)");
    }
    settings.setFailureAccrual(result);
  }

  private static void balancer(Errors errors, Object value, ServicePolicy.Builder settings) {
    String at = "spec.balancer";
    Map<String, Object> balancer = map(errors, at, value);
    if (balancer == null) {
      return;
    }
    known(errors, at, balancer, Set.of("name", "config"));
    if (balancer.get("name") instanceof String name && !name.isEmpty() && !name.contains("=")) {
      settings.setBalancer(name);
    } else {
      errors.add(
          at + ".name",
          quoted(balancer.get("name")) + " (expected: a balancer such as p2c-peak-ewma)");
    }
    if (balancer.containsKey("config")) {
      Map<String, Object> config = map(errors, at + ".config", balancer.get("config"));
      if (config != null) {
        // The balancer's provider in the proxy validates its own configuration: carried as given.
        config.forEach((key, v) -> {
          if (v instanceof String text && !text.isEmpty()) {
            settings.putBalancerConfig(key, text);
          } else {
            errors.add(at + ".config." + key, quoted(v) + " (expected: a non-empty string)");
          }
        });
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Errors errors, String at, Object value) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    if (value != null) {
      errors.add(at, quoted(value) + " (expected: an object)");
    }
    return null;
  }

  private static void known(Errors errors, String at, Map<String, Object> map, Set<String> keys) {
    for (String key : map.keySet()) {
      if (!keys.contains(key)) {
        errors.add(
            at + "." + key,
            "unknown field (expected: one of "
                + String.join(", ", keys.stream().sorted().toList())
                + ")");
      }
    }
  }

  private static Integer integer(Errors errors, String at, Object value, int min, int max) {
    if (value instanceof Number number) {
      BigDecimal decimal = new BigDecimal(number.toString());
      if (decimal.stripTrailingZeros().scale() <= 0
          && decimal.compareTo(BigDecimal.valueOf(min)) >= 0
          && decimal.compareTo(BigDecimal.valueOf(max)) <= 0) {
        return decimal.intValue();
      }
    }
    errors.add(at, quoted(value) + " (expected: a whole number in " + min + ".." + max + ")");
    return null;
  }

  private static com.google.protobuf.Duration duration(Errors errors, String at, Object value) {
    if (value instanceof String text) {
      try {
        return PolicyValues.duration(text);
      } catch (IllegalArgumentException e) {
        errors.add(at, e.getMessage());
        return null;
      }
    }
    errors.add(at, quoted(value) + " (expected: a duration such as 250ms, 2s, 1m or 1h30m)");
    return null;
  }

  private static String quoted(Object value) {
    return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
  }

  private static long millis(com.google.protobuf.Duration duration) {
    return duration.getSeconds() * 1000 + duration.getNanos() / 1_000_000;
  }
}
