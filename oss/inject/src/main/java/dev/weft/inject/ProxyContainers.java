package dev.weft.inject;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** The containers and volumes the injector adds, as pod JSON. */
final class ProxyContainers {
  static final String TOKEN_VOLUME = "weft-identity-token";
  static final String TRUST_VOLUME = "weft-trust-anchors";
  // iptables takes its lock in /run; the init container's root filesystem is read-only.
  static final String XTABLES_VOLUME = "weft-init-xtables-lock";
  static final String TOKEN_DIR = "/var/run/secrets/weft/identity";
  static final String TRUST_DIR = "/var/run/weft/trust";
  // A day: the kubelet refreshes a projected token at 80% of its life, and the proxy re-reads
  // the file at each certificate renewal, so the length only bounds a leaked token's use.
  static final int TOKEN_EXPIRATION_SECONDS = 86400;

  /** The prefix of the proxy's own variables: the injector's alone to set. */
  static final String PROXY_ENV_PREFIX = "WEFT_PROXY_";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final InjectorConfig config;
  private final ProxySettings settings;

  ProxyContainers(InjectorConfig config, ProxySettings settings) {
    this.config = config;
    this.settings = settings;
  }

  /** The inbound ports weft-init leaves alone: the proxy's own, then the pod's. */
  String skipInboundPorts() {
    String own = config.controlPort() + "," + config.adminPort();
    String user = settings.skipInboundPorts();
    return user.isEmpty() || user.equals("none")
        ? own
        : SettingValues.ports(own + "," + user); // drops a repeat of the proxy's ports
  }

  ObjectNode init() {
    ObjectNode c = JSON.objectNode();
    c.put("name", Annotations.INIT_CONTAINER);
    c.put("image", config.initImage());
    c.put("imagePullPolicy", config.imagePullPolicy());
    ArrayNode args = c.putArray("args");
    args.add("weft-init");
    args.add("--inbound-port").add(Integer.toString(config.inboundPort()));
    args.add("--outbound-port").add(Integer.toString(config.outboundPort()));
    args.add("--proxy-uid").add(Integer.toString(config.proxyUID()));
    args.add("--skip-inbound-ports").add(skipInboundPorts());
    args.add("--skip-outbound-ports").add(ports(settings.skipOutboundPorts(), ""));
    ObjectNode security = c.putObject("securityContext");
    // iptables needs root and NET_ADMIN/NET_RAW, for this one short-lived step only.
    security.put("runAsUser", 0);
    security.put("runAsNonRoot", false);
    security.put("allowPrivilegeEscalation", false);
    security.put("readOnlyRootFilesystem", true);
    ObjectNode capabilities = security.putObject("capabilities");
    capabilities.putArray("add").add("NET_ADMIN").add("NET_RAW");
    capabilities.putArray("drop").add("ALL");
    c.putArray("volumeMounts").addObject().put("name", XTABLES_VOLUME).put("mountPath", "/run");
    return c;
  }

  /**
   * @param extraEnv variables added after the injector's own, by name (the control plane's
   *     extensions'); none of them is a {@code WEFT_PROXY_} variable
   */
  ObjectNode proxy(String identity, Map<String, String> extraEnv) {
    ObjectNode c = JSON.objectNode();
    c.put("name", Annotations.PROXY_CONTAINER);
    c.put("image", config.proxyImage());
    c.put("imagePullPolicy", config.imagePullPolicy());
    c.putArray("args").add("weft-proxy");
    ArrayNode env = c.putArray("env");
    env(env, "INBOUND_LISTEN", "0.0.0.0:" + config.inboundPort());
    env(env, "OUTBOUND_LISTEN", "127.0.0.1:" + config.outboundPort());
    env(env, "ADMIN", "0.0.0.0:" + config.adminPort());
    env(env, "LOG_LEVEL", settings.logLevel());
    env(env, "DETECT_TIMEOUT", settings.detectTimeout());
    // The proxy reads an empty list as a parse error; "none" is its word for no ports.
    env(env, "OPAQUE_PORTS", ports(settings.opaquePorts(), "none"));
    env(env, "IDENTITY_NAME", identity);
    env(env, "IDENTITY_TOKEN_FILE", TOKEN_DIR + "/token");
    env(env, "IDENTITY_TRUST_ANCHORS", TRUST_DIR + "/ca-bundle.crt");
    env(env, "IDENTITY_ADDR", config.controlPlaneAddr());
    env(env, "DESTINATION_ADDR", config.controlPlaneAddr());
    env(env, "CONTROL_PLANE_IDENTITY", config.controlPlaneIdentity());
    // The pod's name is unique in its namespace and is what the fleet inventory lists the proxy
    // under; only the downward API knows it, since a generated name is set after the webhook ran.
    fieldRef(env, "INSTANCE", "metadata.name");
    zone(env);
    new TreeMap<>(extraEnv)
        .forEach((name, value) -> env.addObject().put("name", name).put("value", value));
    ArrayNode ports = c.putArray("ports");
    ports.addObject().put("name", "weft-inbound").put("containerPort", config.inboundPort());
    ports.addObject().put("name", "weft-admin").put("containerPort", config.adminPort());
    // A native sidecar's startup probe holds the pod's next containers until the proxy is ready
    // (its certificate issued), so the application's first connections already go through it.
    ObjectNode startup = probe("/ready");
    startup.put("periodSeconds", 1);
    startup.put("failureThreshold", 120);
    c.set("startupProbe", startup);
    c.set("readinessProbe", probe("/ready"));
    c.set("livenessProbe", probe("/live"));
    ObjectNode resources = resources();
    if (!resources.isEmpty()) {
      c.set("resources", resources);
    }
    ObjectNode security = c.putObject("securityContext");
    security.put("runAsUser", config.proxyUID());
    security.put("runAsNonRoot", true);
    security.put("allowPrivilegeEscalation", false);
    security.put("readOnlyRootFilesystem", true);
    security.putObject("capabilities").putArray("drop").add("ALL");
    ArrayNode mounts = c.putArray("volumeMounts");
    mounts.addObject().put("name", TOKEN_VOLUME).put("mountPath", TOKEN_DIR).put("readOnly", true);
    mounts.addObject().put("name", TRUST_VOLUME).put("mountPath", TRUST_DIR).put("readOnly", true);
    if (settings.sidecarMode() == SidecarMode.NATIVE) {
      c.put("restartPolicy", "Always");
    }
    return c;
  }

  ObjectNode tokenVolume() {
    ObjectNode v = JSON.objectNode();
    v.put("name", TOKEN_VOLUME);
    v.putObject("projected")
        .putArray("sources")
        .addObject()
        .putObject("serviceAccountToken")
        .put("path", "token")
        .put("audience", config.tokenAudience())
        .put("expirationSeconds", TOKEN_EXPIRATION_SECONDS);
    return v;
  }

  ObjectNode xtablesVolume() {
    ObjectNode v = JSON.objectNode();
    v.put("name", XTABLES_VOLUME);
    v.putObject("emptyDir");
    return v;
  }

  ObjectNode trustVolume() {
    ObjectNode v = JSON.objectNode();
    v.put("name", TRUST_VOLUME);
    v.putObject("configMap").put("name", config.trustAnchorsConfigMap());
    return v;
  }

  private ObjectNode resources() {
    ProxyResources r = settings.resources();
    ObjectNode resources = JSON.objectNode();
    ObjectNode requests = JSON.objectNode();
    ObjectNode limits = JSON.objectNode();
    putIfSet(requests, "cpu", r.cpuRequest());
    putIfSet(requests, "memory", r.memoryRequest());
    putIfSet(limits, "cpu", r.cpuLimit());
    putIfSet(limits, "memory", r.memoryLimit());
    if (!requests.isEmpty()) {
      resources.set("requests", requests);
    }
    if (!limits.isEmpty()) {
      resources.set("limits", limits);
    }
    return resources;
  }

  private ObjectNode probe(String path) {
    ObjectNode probe = JSON.objectNode();
    probe.putObject("httpGet").put("path", path).put("port", config.adminPort());
    return probe;
  }

  private static void putIfSet(ObjectNode node, String key, String value) {
    if (!value.isEmpty()) {
      node.put(key, value);
    }
  }

  /**
   * The pod's annotation, or the zone label Kubernetes 1.35+ copies from the node at binding
   * (KEP-4742). Older clusters leave the label off: the variable is then empty and the proxy has no
   * zone, which zone-aware balancing reads as zone-blind.
   */
  private void zone(ArrayNode env) {
    if (!settings.zone().isEmpty()) {
      env(env, "ZONE", settings.zone());
      return;
    }
    fieldRef(env, "ZONE", "metadata.labels['" + Annotations.ZONE_LABEL + "']");
  }

  private static void fieldRef(ArrayNode env, String key, String fieldPath) {
    env.addObject()
        .put("name", PROXY_ENV_PREFIX + key)
        .putObject("valueFrom")
        .putObject("fieldRef")
        .put("apiVersion", "v1")
        .put("fieldPath", fieldPath);
  }

  private static void env(ArrayNode env, String key, String value) {
    env.addObject().put("name", PROXY_ENV_PREFIX + key).put("value", value);
  }

  private static String ports(String list, String whenEmpty) {
    return list.isEmpty() || list.equals("none") ? whenEmpty : list;
  }
}
