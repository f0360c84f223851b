package dev.weft.inject;

import static java.util.Objects.requireNonNull;

/**
 * The injector's configuration: the keys of {@code proxy.json} (the chart writes it into the
 * ConfigMap {@code weft-config}). Every key is optional; {@link #defaults()} holds the value of
 * each missing one. Immutable and thread-safe.
 *
 * @param version written on injected pods as {@code weft.dev/proxy-version}
 * @param initImage the image of {@code weft-init} (the proxy image ships it)
 * @param opaquePorts ports the proxy relays as TCP without protocol detection ({@code ""} = none)
 * @param skipInboundPorts inbound ports not redirected to the proxy, besides its own admin and
 *     control ports, which are always skipped
 * @param controlPlaneAddr where proxies reach the Identity and Destination services
 * @param controlPlaneNamespace where the control plane runs; its own pods are never injected
 */
public record InjectorConfig(
    String version,
    String proxyImage,
    String initImage,
    String imagePullPolicy,
    String logLevel,
    int inboundPort,
    int outboundPort,
    int adminPort,
    int controlPort,
    int proxyUID,
    ProxyResources resources,
    String opaquePorts,
    String skipInboundPorts,
    String skipOutboundPorts,
    String detectTimeout,
    SidecarMode sidecarMode,
    String controlPlaneAddr,
    String trustAnchorsConfigMap,
    String tokenAudience,
    String trustDomain,
    String controlPlaneNamespace) {
  private static final InjectorConfig DEFAULTS =
      new InjectorConfig(
          "0.1.0",
          "ghcr.io/weft-dev/weft-proxy:0.1.0",
          "ghcr.io/weft-dev/weft-proxy:0.1.0",
          "IfNotPresent",
          "info",
          4143,
          4140,
          4191,
          4190,
          2102,
          ProxyResources.DEFAULTS,
          "25,587,3306,4444,5432,6379,9300,11211",
          "",
          "",
          "10s",
          SidecarMode.NATIVE,
          "weft-control-plane.weft.svc.cluster.local:8090",
          "weft-identity-trust-anchors",
          "identity.weft.dev",
          "cluster.local",
          "weft");

  public InjectorConfig {
    requireNonNull(version, "version");
    requireNonNull(proxyImage, "proxyImage");
    requireNonNull(initImage, "initImage");
    requireNonNull(imagePullPolicy, "imagePullPolicy");
    requireNonNull(logLevel, "logLevel");
    requireNonNull(resources, "resources");
    requireNonNull(opaquePorts, "opaquePorts");
    requireNonNull(skipInboundPorts, "skipInboundPorts");
    requireNonNull(skipOutboundPorts, "skipOutboundPorts");
    requireNonNull(detectTimeout, "detectTimeout");
    requireNonNull(sidecarMode, "sidecarMode");
    requireNonNull(controlPlaneAddr, "controlPlaneAddr");
    requireNonNull(trustAnchorsConfigMap, "trustAnchorsConfigMap");
    requireNonNull(tokenAudience, "tokenAudience");
    requireNonNull(trustDomain, "trustDomain");
    requireNonNull(controlPlaneNamespace, "controlPlaneNamespace");
  }

  /** Every key at its documented default (an empty proxy.json). */
  public static InjectorConfig defaults() {
    return DEFAULTS;
  }

  /**
   * Reads proxy.json. Never throws for bad input: the result holds either a config or the errors,
   * each naming the key, the value found and the form expected; unknown keys are listed apart (they
   * do not make the file invalid, but are likely typos).
   */
  public static ParsedInjectorConfig parse(String json) {
    return new ConfigReader().read(json);
  }

  /**
   * The identity the control plane's gRPC port proves ({@code weft-control-plane}, its
   * ServiceAccount, in its namespace), which proxies check before sending their token.
   */
  public String controlPlaneIdentity() {
    return "weft-control-plane."
        + controlPlaneNamespace
        + ".serviceaccount.identity.weft."
        + trustDomain;
  }
}
