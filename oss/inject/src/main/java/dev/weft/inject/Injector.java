package dev.weft.inject;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides whether a pod gets the Weft proxy and builds the patch that adds it. The admission
 * webhook and {@code weft inject --manual} both call it, so a pod is injected the same way by
 * either.
 *
 * <p>Immutable and thread-safe; does no I/O. The caller supplies the namespace's metadata.
 */
public final class Injector {
  private static final String ENABLED = "enabled";
  private static final String DISABLED = "disabled";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final InjectorConfig config;

  public Injector(InjectorConfig config) {
    this.config = requireNonNull(config, "config");
  }

  public InjectorConfig config() {
    return config;
  }

  /**
   * The webhook's decision for {@code pod} in {@code namespace}: injected when {@code
   * weft.dev/inject} is {@code enabled} on the pod, or on the namespace and not set on the pod.
   *
   * @param pod the pod's JSON with {@code metadata} and {@code spec}; not changed
   * @param namespaceAnnotations the namespace's annotations (empty when unknown)
   * @param namespaceLabels the namespace's labels (empty when unknown); {@code
   *     config.weft.dev/admission-webhooks=disabled} turns injection off for the namespace
   * @throws IllegalArgumentException when a field the injector reads has the wrong JSON type (the
   *     message names the field)
   */
  public Decision decide(
      ObjectNode pod,
      String namespace,
      Map<String, String> namespaceAnnotations,
      Map<String, String> namespaceLabels) {
    return decide(pod, namespace, namespaceAnnotations, namespaceLabels, Map.of());
  }

  /**
   * As {@link #decide(ObjectNode, String, Map, Map)}, the injected proxy also getting {@code
   * extraEnv} (the control plane's extensions' variables), after its own and by name.
   *
   * @throws IllegalArgumentException when a name of {@code extraEnv} is not a variable name or is
   *     one of the injector's own ({@link #checkExtraEnvironment})
   */
  public Decision decide(
      ObjectNode pod,
      String namespace,
      Map<String, String> namespaceAnnotations,
      Map<String, String> namespaceLabels,
      Map<String, String> extraEnv) {
    requireNonNull(namespace, "namespace");
    extraEnv.keySet().forEach(Injector::checkExtraEnvironment);
    PodView view = new PodView(requireNonNull(pod, "pod"));
    String excluded = excluded(view, namespace);
    if (excluded != null) {
      return Decision.skipped(excluded);
    }
    String webhooks = namespaceLabels.get(Annotations.ADMISSION_WEBHOOKS);
    if (DISABLED.equals(webhooks)) {
      // The webhook's namespaceSelector leaves these out; this covers a selector edited away.
      return Decision.skipped(
          Annotations.ADMISSION_WEBHOOKS + "=disabled on namespace " + namespace);
    }
    String podValue = view.annotations().get(Annotations.INJECT);
    String nsValue = namespaceAnnotations.get(Annotations.INJECT);
    String where = podValue != null ? "the pod" : "namespace " + namespace;
    String value = podValue != null ? podValue : nsValue;
    if (value == null) {
      return Decision.skipped(
          "no " + Annotations.INJECT + " annotation on the pod or namespace " + namespace);
    }
    String setting = Annotations.INJECT + "=" + value + " on " + where;
    return switch (value) {
      case ENABLED -> inject(view, namespace, setting, extraEnv);
      case DISABLED -> Decision.skipped(setting);
      default -> Decision.skipped(setting + " (expected: enabled or disabled)");
    };
  }

  /**
   * Injects without looking at {@code weft.dev/inject} on the namespace ({@code weft inject
   * --manual}). The pod's own {@code weft.dev/inject=disabled} still wins, and host-network or
   * already injected pods are still skipped: the proxy cannot work in the first, and the second
   * would get a second proxy.
   */
  public Decision force(ObjectNode pod, String namespace) {
    requireNonNull(namespace, "namespace");
    PodView view = new PodView(requireNonNull(pod, "pod"));
    String excluded = excluded(view, namespace);
    if (excluded != null) {
      return Decision.skipped(excluded);
    }
    if (DISABLED.equals(view.annotations().get(Annotations.INJECT))) {
      return Decision.skipped(Annotations.INJECT + "=disabled on the pod");
    }
    return inject(view, namespace, "requested (manual injection)", Map.of());
  }

  /**
   * Checks that {@code name} may be added to injected proxies: an environment variable name that is
   * not one of the proxy's own ({@code WEFT_PROXY_...}, which the injector alone sets from its
   * config and the pod's overrides).
   *
   * @throws IllegalArgumentException naming {@code name} and what was expected
   */
  public static void checkExtraEnvironment(String name) {
    if (name == null || !ENV_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "environment variable name: '"
              + name
              + "' (expected: letters, digits and '_', not starting with a digit)");
    }
    if (name.startsWith(ProxyContainers.PROXY_ENV_PREFIX)) {
      throw new IllegalArgumentException(
          "environment variable name: '"
              + name
              + "' (expected: a name outside "
              + ProxyContainers.PROXY_ENV_PREFIX
              + "*, which the injector sets)");
    }
  }

  /** The identity a pod's proxy asks for: {@code SA.NS.serviceaccount.identity.weft.DOMAIN}. */
  public String identity(String serviceAccount, String namespace) {
    return serviceAccount
        + "."
        + namespace
        + ".serviceaccount.identity.weft."
        + config.trustDomain();
  }

  /** Why a pod is never injected whatever its annotations say, or null. */
  private String excluded(PodView pod, String namespace) {
    if (pod.hasContainer(Annotations.PROXY_CONTAINER)) {
      return "already injected (container " + Annotations.PROXY_CONTAINER + " present)";
    }
    if (pod.hostNetwork()) {
      return "hostNetwork pods share the node's network";
    }
    if (namespace.equals(config.controlPlaneNamespace())
        && "weft".equals(pod.labels().get(Annotations.PART_OF))) {
      return "a Weft component (" + Annotations.PART_OF + "=weft in namespace " + namespace + ")";
    }
    return null;
  }

  private Decision inject(PodView pod, String namespace, String why, Map<String, String> extraEnv) {
    List<String> warnings = new ArrayList<>();
    ProxySettings settings = Overrides.apply(config, pod.annotations(), warnings);
    String identity = identity(pod.serviceAccount(), namespace);
    return new Decision(
        true,
        "injected: " + why,
        warnings,
        PodPatch.build(pod, config, settings, identity, extraEnv));
  }
}
