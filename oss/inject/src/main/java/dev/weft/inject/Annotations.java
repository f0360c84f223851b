package dev.weft.inject;

import java.util.List;

/** The annotation and label names the injector reads and writes. */
public final class Annotations {
  /** {@code enabled} or {@code disabled}, on a pod (template) or its namespace; the pod's wins. */
  public static final String INJECT = "weft.dev/inject";

  /** Written on injected pods: the proxy's version; discovery marks meshed pods by it. */
  public static final String PROXY_VERSION = "weft.dev/proxy-version";

  /** Written on injected pods: the identity the proxy asks for. */
  public static final String IDENTITY = "weft.dev/identity";

  /** The prefix of the per-pod overrides. */
  public static final String CONFIG_PREFIX = "config.weft.dev/";

  public static final String OPAQUE_PORTS = CONFIG_PREFIX + "opaque-ports";
  public static final String SKIP_INBOUND_PORTS = CONFIG_PREFIX + "skip-inbound-ports";
  public static final String SKIP_OUTBOUND_PORTS = CONFIG_PREFIX + "skip-outbound-ports";
  public static final String PROXY_CPU_REQUEST = CONFIG_PREFIX + "proxy-cpu-request";
  public static final String PROXY_CPU_LIMIT = CONFIG_PREFIX + "proxy-cpu-limit";
  public static final String PROXY_MEMORY_REQUEST = CONFIG_PREFIX + "proxy-memory-request";
  public static final String PROXY_MEMORY_LIMIT = CONFIG_PREFIX + "proxy-memory-limit";
  public static final String PROXY_LOG_LEVEL = CONFIG_PREFIX + "proxy-log-level";
  public static final String DETECT_TIMEOUT = CONFIG_PREFIX + "detect-timeout";
  public static final String SIDECAR_MODE = CONFIG_PREFIX + "sidecar-mode";

  /** The proxy's zone, instead of the pod's {@code topology.kubernetes.io/zone} label. */
  public static final String ZONE = CONFIG_PREFIX + "zone";

  /** Every override annotation, in the order the docs list them. */
  public static final List<String> OVERRIDES =
      List.of(
          OPAQUE_PORTS,
          SKIP_INBOUND_PORTS,
          SKIP_OUTBOUND_PORTS,
          PROXY_CPU_REQUEST,
          PROXY_CPU_LIMIT,
          PROXY_MEMORY_REQUEST,
          PROXY_MEMORY_LIMIT,
          PROXY_LOG_LEVEL,
          DETECT_TIMEOUT,
          SIDECAR_MODE,
          ZONE);

  /** A namespace label: {@code disabled} keeps the webhook out of the namespace. */
  public static final String ADMISSION_WEBHOOKS = CONFIG_PREFIX + "admission-webhooks";

  /** The label that marks Weft's own pods; in the control plane's namespace they are skipped. */
  public static final String PART_OF = "app.kubernetes.io/part-of";

  /**
   * The label Kubernetes (1.35 and later, KEP-4742) copies from the node to a pod when it is bound:
   * the proxy's zone unless {@link #ZONE} says otherwise.
   */
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  /** The name of the proxy container; its presence means a pod is already injected. */
  public static final String PROXY_CONTAINER = "weft-proxy";

  /** The name of the init container that sets up the redirect. */
  public static final String INIT_CONTAINER = "weft-init";

  private Annotations() {}
}
