package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json refuses bad values, and the message names the field. */
class SchemaTest {
  static Path identity;

  @BeforeAll
  static void identity(@TempDir Path dir) {
    identity = Values.write(dir, "identity.yaml", Values.Identity.generate().values());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "proxy.ports.inbound, 70000, /proxy/ports/inbound",
    "proxy.ports.admin, 0, /proxy/ports/admin",
    "proxy.logLevel, loud, /proxy/logLevel",
    "proxy.sidecarMode, ambient, /proxy/sidecarMode",
    "injector.failurePolicy, Retry, /injector/failurePolicy",
    "proxy.detectTimeout, 10 seconds, /proxy/detectTimeout",
    "identity.leafLifetime, forever, /identity/leafLifetime",
    "proxy.resources.memoryLimit, lots, /proxy/resources/memoryLimit",
    "controlPlane.logFormat, xml, /controlPlane/logFormat",
    "proxy.skipInboundPorts, 'http', /proxy/skipInboundPorts",
    "proxy.unknownKey, 1, /proxy",
  })
  void refusesABadValueNamingIt(String key, String value, String field) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Charts.template(Charts.weft(), List.of(identity), Map.of(key, value)));
    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
  }

  @Test
  void refusesAPemThatIsNone(@TempDir Path dir) {
    Path bad =
        Values.write(
            dir, "bad.yaml", Map.of("identity", Map.of("trustAnchorsPEM", "not a certificate")));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Charts.template(Charts.weft(), List.of(identity, bad), Map.of()));
    assertTrue(e.getMessage().contains("'/identity/trustAnchorsPEM'"), e.getMessage());
  }

  @Test
  void missingIdentitySaysHowToProvideIt() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Charts.template(Charts.weft(), List.of(), Map.of()));
    assertTrue(e.getMessage().contains("identity.trustAnchorsPEM"), e.getMessage());
    assertTrue(e.getMessage().contains("weft install"), e.getMessage());
  }

  @Test
  void missingIssuerSaysHowToProvideIt(@TempDir Path dir) {
    Path anchorsOnly =
        Values.write(
            dir,
            "anchors.yaml",
            Map.of(
                "identity",
                Map.of("trustAnchorsPEM", Values.Identity.generate().anchor().certificatePem())));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Charts.template(Charts.weft(), List.of(anchorsOnly), Map.of()));
    assertTrue(e.getMessage().contains("identity.issuer.existingSecret"), e.getMessage());
  }

  @Test
  void acceptsTheDocumentedDurationForms() {
    for (String lifetime : List.of("90s", "1h", "2d", "PT24H", "P1DT12H")) {
      Charts.template(Charts.weft(), List.of(identity), Map.of("identity.leafLifetime", lifetime));
    }
  }
}
