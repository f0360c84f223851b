package dev.weft.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** proxy.json: defaults, every key, errors naming the key, unknown keys. */
class InjectorConfigTest {
  @Test
  void anEmptyFileIsEveryDefault() {
    assertEquals(InjectorConfig.defaults(), InjectorConfig.parse("{}").config());
    assertEquals(InjectorConfig.defaults(), InjectorConfig.parse("").config());
  }

  @Test
  void everyKeyIsRead() {
    ParsedInjectorConfig parsed =
        InjectorConfig.parse(
            """
            {"version": "0.2.0", "proxyImage": "p:2", "initImage": "i:2",
             "imagePullPolicy": "Always", "logLevel": "debug", "inboundPort": 5143,
             "outboundPort": 5140, "adminPort": 5191, "controlPort": 5190, "proxyUID": 3000,
             "resources": {"cpuRequest": "50m", "cpuLimit": "1", "memoryRequest": "32Mi",
                           "memoryLimit": ""},
             "opaquePorts": "", "skipInboundPorts": "22", "skipOutboundPorts": "5432",
             "detectTimeout": "3s", "sidecarMode": "classic", "controlPlaneAddr": "cp:9000",
             "trustAnchorsConfigMap": "anchors", "tokenAudience": "aud",
             "trustDomain": "example.org", "controlPlaneNamespace": "mesh"}
            """);
    assertEquals(List.of(), parsed.errors());
    assertEquals(
        new InjectorConfig(
            "0.2.0",
            "p:2",
            "i:2",
            "Always",
            "debug",
            5143,
            5140,
            5191,
            5190,
            3000,
            new ProxyResources("50m", "1", "32Mi", ""),
            "",
            "22",
            "5432",
            "3s",
            SidecarMode.CLASSIC,
            "cp:9000",
            "anchors",
            "aud",
            "example.org",
            "mesh"),
        parsed.config());
  }

  @Test
  void errorsNameTheKeyTheValueAndTheExpectedForm() {
    ParsedInjectorConfig parsed =
        InjectorConfig.parse(
            """
            {"inboundPort": 70000, "adminPort": "4191", "logLevel": "verbose",
             "resources": {"memoryLimit": "128MB", "cpu": "1"}, "sidecarMode": "side",
             "opaquePorts": "25,x", "controlPlaneAddr": "no-port", "detectTimeout": "10",
             "imagePullPolicy": "sometimes", "proxyUID": 1.5, "proxyImgae": "typo"}
            """);
    assertFalse(parsed.ok());
    assertNull(parsed.config());
    assertEquals(
        List.of(
            "imagePullPolicy: \"sometimes\" (expected: Always, IfNotPresent or Never)",
            "logLevel: \"verbose\" (expected: one of error, warn, info, debug, trace)",
            "inboundPort: 70000 (expected: a port from 1 to 65535)",
            "adminPort: \"4191\" (expected: a port from 1 to 65535)",
            "proxyUID: 1.5 (expected: a user id from 1)",
            "resources.memoryLimit: \"128MB\" (expected: " + SettingValues.QUANTITY_EXPECTED + ")",
            "opaquePorts: \"25,x\" (expected: " + SettingValues.PORTS_EXPECTED + ")",
            "detectTimeout: \"10\" (expected: " + SettingValues.DURATION_EXPECTED + ")",
            "sidecarMode: \"side\" (expected: native or classic)",
            "controlPlaneAddr: \"no-port\" (expected: HOST:PORT)"),
        parsed.errors());
    assertEquals(List.of("proxyImgae", "resources.cpu"), parsed.unknownKeys());
  }

  @Test
  void unknownKeysAloneDoNotMakeTheFileInvalid() {
    ParsedInjectorConfig parsed = InjectorConfig.parse("{\"logLevel\": \"warn\", \"extra\": 1}");
    assertTrue(parsed.ok());
    assertEquals("warn", parsed.config().logLevel());
    assertEquals(List.of("extra"), parsed.unknownKeys());
  }

  @Test
  void notJsonOrNotAnObjectIsOneError() {
    assertTrue(InjectorConfig.parse("{\"version\": ").errors().getFirst().startsWith("not JSON: "));
    assertEquals(
        List.of("expected a JSON object at the top, found ARRAY"),
        InjectorConfig.parse("[]").errors());
  }
}
