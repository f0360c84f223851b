package dev.weft.inject;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Applies a pod's {@code config.weft.dev/...} annotations to the config's settings. A bad value
 * never stops the injection: that override is dropped with a warning naming the annotation, the
 * value, the form expected and the value kept, since a pod without the tuning is better than a pod
 * that cannot be created.
 */
final class Overrides {
  private final Map<String, String> annotations;
  private final List<String> warnings;
  private ProxySettings settings;

  private Overrides(ProxySettings defaults, Map<String, String> annotations, List<String> out) {
    this.settings = defaults;
    this.annotations = annotations;
    this.warnings = out;
  }

  /** The settings for a pod with {@code annotations}; warnings are added to {@code warnings}. */
  static ProxySettings apply(
      InjectorConfig config, Map<String, String> annotations, List<String> warnings) {
    Overrides o = new Overrides(ProxySettings.of(config), annotations, warnings);
    o.take(
        Annotations.OPAQUE_PORTS,
        ProxySettings::opaquePorts,
        SettingValues::ports,
        ProxySettings::withOpaquePorts);
    o.take(
        Annotations.SKIP_INBOUND_PORTS,
        ProxySettings::skipInboundPorts,
        SettingValues::ports,
        ProxySettings::withSkipInboundPorts);
    o.take(
        Annotations.SKIP_OUTBOUND_PORTS,
        ProxySettings::skipOutboundPorts,
        SettingValues::ports,
        ProxySettings::withSkipOutboundPorts);
    o.take(
        Annotations.PROXY_CPU_REQUEST,
        s -> s.resources().cpuRequest(),
        SettingValues::quantity,
        (s, v) -> s.withResources(s.resources().withCpuRequest(v)));
    o.take(
        Annotations.PROXY_CPU_LIMIT,
        s -> s.resources().cpuLimit(),
        SettingValues::quantity,
        (s, v) -> s.withResources(s.resources().withCpuLimit(v)));
    o.take(
        Annotations.PROXY_MEMORY_REQUEST,
        s -> s.resources().memoryRequest(),
        SettingValues::quantity,
        (s, v) -> s.withResources(s.resources().withMemoryRequest(v)));
    o.take(
        Annotations.PROXY_MEMORY_LIMIT,
        s -> s.resources().memoryLimit(),
        SettingValues::quantity,
        (s, v) -> s.withResources(s.resources().withMemoryLimit(v)));
    o.take(
        Annotations.PROXY_LOG_LEVEL,
        ProxySettings::logLevel,
        SettingValues::logLevel,
        ProxySettings::withLogLevel);
    o.take(
        Annotations.DETECT_TIMEOUT,
        ProxySettings::detectTimeout,
        SettingValues::duration,
        ProxySettings::withDetectTimeout);
    o.take(
        Annotations.SIDECAR_MODE,
        s -> s.sidecarMode().value(),
        v -> SidecarMode.parse(v).value(),
        (s, v) -> s.withSidecarMode(SidecarMode.parse(v)));
    o.take(
        Annotations.ZONE,
        s -> s.zone().isEmpty() ? "the pod's " + Annotations.ZONE_LABEL + " label" : s.zone(),
        SettingValues::zone,
        ProxySettings::withZone);
    for (String name : annotations.keySet()) {
      if (name.startsWith(Annotations.CONFIG_PREFIX) && !Annotations.OVERRIDES.contains(name)) {
        warnings.add(name + " ignored: not an override the injector knows");
      }
    }
    return o.settings;
  }

  private void take(
      String annotation,
      Function<ProxySettings, String> current,
      UnaryOperator<String> check,
      BiFunction<ProxySettings, String, ProxySettings> with) {
    String value = annotations.get(annotation);
    if (value == null) {
      return;
    }
    try {
      settings = with.apply(settings, check.apply(value.trim()));
    } catch (IllegalArgumentException e) {
      warnings.add(
          annotation
              + "=\""
              + value
              + "\" ignored (expected: "
              + e.getMessage()
              + "); keeping \""
              + current.apply(settings)
              + "\"");
    }
  }
}
