package dev.weft.inject;

import static dev.weft.inject.Pods.env;
import static dev.weft.inject.Pods.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each {@code config.weft.dev/...} annotation, valid and not. */
class OverridesTest {
  @Test
  void opaquePorts() {
    assertEquals(
        "3306,8000-8010",
        env(proxy("'config.weft.dev/opaque-ports': '3306, 8000-8010'"), "WEFT_PROXY_OPAQUE_PORTS"));
    assertEquals(
        "none",
        env(proxy("'config.weft.dev/opaque-ports': ''"), "WEFT_PROXY_OPAQUE_PORTS"),
        "an empty list is the proxy's 'none'");
  }

  @Test
  void skipPortsKeepTheProxysOwnInboundPorts() {
    JsonNode init =
        init(
            "'config.weft.dev/skip-inbound-ports': '8081,4191', "
                + "'config.weft.dev/skip-outbound-ports': '5432,9000-9100'");
    assertEquals(
        json(
            "['weft-init', '--inbound-port', '4143', '--outbound-port', '4140', '--proxy-uid',"
                + " '2102', '--skip-inbound-ports', '4190,4191,8081', '--skip-outbound-ports',"
                + " '5432,9000-9100']"),
        init.path("args"));
  }

  @Test
  void resources() {
    JsonNode proxy =
        proxy(
            "'config.weft.dev/proxy-cpu-request': '250m', 'config.weft.dev/proxy-cpu-limit': '1',"
                + " 'config.weft.dev/proxy-memory-request': '32Mi',"
                + " 'config.weft.dev/proxy-memory-limit': ''");
    assertEquals(
        json("{'requests': {'cpu': '250m', 'memory': '32Mi'}, 'limits': {'cpu': '1'}}"),
        proxy.path("resources"),
        "an empty limit removes it");
  }

  @Test
  void logLevelAndDetectTimeout() {
    JsonNode proxy =
        proxy(
            "'config.weft.dev/proxy-log-level': 'debug', 'config.weft.dev/detect-timeout': '500ms'");
    assertEquals("debug", env(proxy, "WEFT_PROXY_LOG_LEVEL"));
    assertEquals("500ms", env(proxy, "WEFT_PROXY_DETECT_TIMEOUT"));
  }

  @Test
  void sidecarModeNative() {
    InjectorConfig classic = InjectorConfig.parse("{\"sidecarMode\": \"classic\"}").config();
    ObjectNode pod = Pods.annotated("'config.weft.dev/sidecar-mode': 'native'");
    ObjectNode injected =
        JsonPatch.apply(
            pod,
            new Injector(classic)
                .decide(pod, "demo", java.util.Map.of(), java.util.Map.of())
                .patch());
    assertEquals(
        List.of("weft-init", "weft-proxy"), InjectedPodTest.names(injected, "initContainers"));
    assertEquals("Always", Pods.container(injected, "weft-proxy").path("restartPolicy").asText());
  }

  @Test
  void aBadOverrideIsIgnoredWithAWarningAndTheDefaultKept() {
    Decision d =
        Pods.decide(
            Pods.annotated(
                "'config.weft.dev/proxy-log-level': 'loud', 'config.weft.dev/opaque-ports': '99999',"
                    + " 'config.weft.dev/proxy-memory-limit': 'lots',"
                    + " 'config.weft.dev/detect-timeout': '0s',"
                    + " 'config.weft.dev/sidecar-mode': 'sidecar', 'config.weft.dev/opaque-port': '1'"));
    assertTrue(d.inject(), "bad overrides never stop the injection");
    assertEquals(
        List.of(
            "config.weft.dev/opaque-ports=\"99999\" ignored (expected: "
                + SettingValues.PORTS_EXPECTED
                + "); keeping \"25,587,3306,4444,5432,6379,9300,11211\"",
            "config.weft.dev/proxy-memory-limit=\"lots\" ignored (expected: "
                + SettingValues.QUANTITY_EXPECTED
                + "); keeping \"128Mi\"",
            "config.weft.dev/proxy-log-level=\"loud\" ignored (expected: one of error, warn, info,"
                + " debug, trace); keeping \"info\"",
            "config.weft.dev/detect-timeout=\"0s\" ignored (expected: "
                + SettingValues.DURATION_EXPECTED
                + "); keeping \"10s\"",
            "config.weft.dev/sidecar-mode=\"sidecar\" ignored (expected: native or classic);"
                + " keeping \"native\"",
            "config.weft.dev/opaque-port ignored: not an override the injector knows"),
        d.warnings());
    ObjectNode injected = JsonPatch.apply(Pods.annotated(""), d.patch());
    JsonNode proxy = Pods.container(injected, "weft-proxy");
    assertEquals("info", env(proxy, "WEFT_PROXY_LOG_LEVEL"));
    assertEquals("10s", env(proxy, "WEFT_PROXY_DETECT_TIMEOUT"));
    assertEquals("25,587,3306,4444,5432,6379,9300,11211", env(proxy, "WEFT_PROXY_OPAQUE_PORTS"));
    assertEquals("128Mi", proxy.at("/resources/limits/memory").asText());
    assertEquals("Always", proxy.path("restartPolicy").asText());
  }

  private static JsonNode proxy(String annotations) {
    return Pods.container(injected(annotations), "weft-proxy");
  }

  private static JsonNode init(String annotations) {
    return Pods.container(injected(annotations), "weft-init");
  }

  private static ObjectNode injected(String annotations) {
    ObjectNode pod = Pods.annotated(annotations);
    Decision d = Pods.decide(pod);
    assertEquals(List.of(), d.warnings());
    return JsonPatch.apply(pod, d.patch());
  }
}
