package dev.weft.hazl.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.controlplane.BalancerChoice;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-Service annotations: turning HAZL off for one service, its own band, bad ones ignored. */
class ServiceAnnotationsTest {
  private final FakeControlPlane cp = new FakeControlPlane("kubernetes");
  private HazlExtension extension;

  @BeforeEach
  void start() {
    cp.hazl("enabled", "true").hazl("band.low", "0.5").hazl("zone.order", "zone-b");
    extension =
        new HazlExtension(
            c -> key -> c.configMap(HazlConfigMap.NAME, key),
            c -> HazlExtensionTest.ENTITLED,
            Duration.ofHours(1));
    extension.start(cp);
  }

  @AfterEach
  void stop() {
    extension.stop();
  }

  private Map<String, String> config(String service, Map<String, String> annotations) {
    return cp.choiceFor(service, annotations).orElseThrow().config();
  }

  @Test
  void enabledFalseLeavesOneServiceToTheProxiesDefault() {
    assertEquals(Optional.empty(), cp.choiceFor("books", Map.of("hazl.weft.dev/enabled", "false")));
    assertEquals(Optional.of("hazl"), cp.choiceFor("authors", Map.of()).map(BalancerChoice::name));
    assertEquals(
        Optional.of("hazl"),
        cp.choiceFor("web", Map.of("hazl.weft.dev/enabled", "true")).map(BalancerChoice::name));
  }

  @Test
  void aServiceHasItsOwnBandAndZoneOrder() {
    Map<String, String> c =
        config(
            "books",
            Map.of(
                "hazl.weft.dev/band.low", "1.5",
                "hazl.weft.dev/band.high", "6",
                "hazl.weft.dev/zone.order", "zone-c,zone-a",
                "other.example.com/ignored", "x"));
    assertEquals(
        Map.of(
            "band.low", "1.5", "band.high", "6", "zone.order", "zone-c,zone-a", "load.decay", "1s"),
        c);
    assertEquals(Map.of(), extension.status().serviceProblems());
    assertEquals("0.5", config("authors", Map.of()).get("band.low"), "others keep the cluster's");
  }

  @Test
  void aBadAnnotationIsIgnoredForThatServiceAndNamed() {
    Map<String, String> c =
        config(
            "books",
            Map.of(
                "hazl.weft.dev/band.low", "lots",
                "hazl.weft.dev/zone.order", "zone b",
                "hazl.weft.dev/bandlow", "1",
                "hazl.weft.dev/enabled", "no"));
    assertEquals("0.5", c.get("band.low"), "the cluster's value applies");
    assertEquals("zone-b", c.get("zone.order"));
    String problems = extension.status().serviceProblems().get("demo/books");
    assertTrue(
        problems.contains(
            "hazl.weft.dev/band.low: 'lots' (expected: a number > 0 and < band.high)"),
        problems);
    assertTrue(problems.contains("hazl.weft.dev/zone.order: 'zone b'"), problems);
    assertTrue(problems.contains("hazl.weft.dev/bandlow: unknown annotation"), problems);
    assertTrue(
        problems.contains("hazl.weft.dev/enabled: 'no' (expected: \"true\" or \"false\")"),
        problems);
    String json = cp.status("hazl");
    assertTrue(json.contains("\"serviceProblems\":{\"demo/books\":"), json);

    config("books", Map.of());
    assertEquals(Map.of(), extension.status().serviceProblems(), "fixed: no longer reported");
  }

  @Test
  void aBandAnnotationCrossingTheClusterBandIsIgnored() {
    Map<String, String> c = config("books", Map.of("hazl.weft.dev/band.low", "2.5"));
    assertEquals("0.5", c.get("band.low"));
    assertEquals("2", c.get("band.high"));
    String problems = extension.status().serviceProblems().get("demo/books");
    assertTrue(
        problems.contains(
            "hazl.weft.dev/band.low: '2.5' (expected: a number > 0 and < band.high, which is 2)"),
        problems);

    config("authors", Map.of("hazl.weft.dev/band.high", "0.4"));
    assertEquals(
        "hazl.weft.dev/band.high: '0.4' (expected: a number > band.low, which is 0.5, and <= 1000)",
        extension.status().serviceProblems().get("demo/authors"));
  }

  @Test
  void annotationsDoNotTurnHazlOnWhenTheClusterHasItOff() {
    cp.hazl("enabled", "false");
    extension.refresh();
    assertEquals(Optional.empty(), cp.choiceFor("books", Map.of("hazl.weft.dev/enabled", "true")));
  }

  @Test
  void aZoneNameTheProxiesWouldRefuseIsNotSent() {
    // A label value cannot end with a dash: the proxies' parser refuses it, so it is not pushed.
    assertEquals(
        Map.of("band.low", "0.5", "band.high", "2", "zone.order", "zone-b", "load.decay", "1s"),
        config("books", Map.of("hazl.weft.dev/zone.order", "zone-c-")));
    assertTrue(
        extension.status().serviceProblems().get("demo/books").contains("hazl.weft.dev/zone.order"),
        extension.status().serviceProblems().toString());
  }
}
