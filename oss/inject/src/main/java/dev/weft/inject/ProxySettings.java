package dev.weft.inject;

/**
 * The settings of one pod's proxy: the config's, with the pod's valid overrides applied.
 *
 * @param skipInboundPorts the user's inbound skip list only; the admin and control ports are added
 *     when the init container's arguments are written
 * @param zone the proxy's zone from {@code config.weft.dev/zone}; empty: the pod's {@code
 *     topology.kubernetes.io/zone} label, through the downward API
 */
record ProxySettings(
    String logLevel,
    String opaquePorts,
    String skipInboundPorts,
    String skipOutboundPorts,
    ProxyResources resources,
    String detectTimeout,
    SidecarMode sidecarMode,
    String zone) {
  static ProxySettings of(InjectorConfig config) {
    return new ProxySettings(
        config.logLevel(),
        config.opaquePorts(),
        config.skipInboundPorts(),
        config.skipOutboundPorts(),
        config.resources(),
        config.detectTimeout(),
        config.sidecarMode(),
        "");
  }

  ProxySettings withZone(String v) {
    return new ProxySettings(
        logLevel,
        opaquePorts,
        skipInboundPorts,
        skipOutboundPorts,
        resources,
        detectTimeout,
        sidecarMode,
        v);
  }

  ProxySettings withLogLevel(String v) {
    return new ProxySettings(
        v,
        opaquePorts,
        skipInboundPorts,
        skipOutboundPorts,
        resources,
        detectTimeout,
        sidecarMode,
        zone);
  }

  ProxySettings withOpaquePorts(String v) {
    return new ProxySettings(
        logLevel,
        v,
        skipInboundPorts,
        skipOutboundPorts,
        resources,
        detectTimeout,
        sidecarMode,
        zone);
  }

  ProxySettings withSkipInboundPorts(String v) {
    return new ProxySettings(
        logLevel, opaquePorts, v, skipOutboundPorts, resources, detectTimeout, sidecarMode, zone);
  }

  ProxySettings withSkipOutboundPorts(String v) {
    return new ProxySettings(
        logLevel, opaquePorts, skipInboundPorts, v, resources, detectTimeout, sidecarMode, zone);
  }

  ProxySettings withResources(ProxyResources v) {
    return new ProxySettings(
        logLevel,
        opaquePorts,
        skipInboundPorts,
        skipOutboundPorts,
        v,
        detectTimeout,
        sidecarMode,
        zone);
  }

  ProxySettings withDetectTimeout(String v) {
    return new ProxySettings(
        logLevel,
        opaquePorts,
        skipInboundPorts,
        skipOutboundPorts,
        resources,
        v,
        sidecarMode,
        zone);
  }

  ProxySettings withSidecarMode(SidecarMode v) {
    return new ProxySettings(
        logLevel,
        opaquePorts,
        skipInboundPorts,
        skipOutboundPorts,
        resources,
        detectTimeout,
        v,
        zone);
  }
}
