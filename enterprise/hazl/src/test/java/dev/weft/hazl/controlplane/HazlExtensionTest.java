package dev.weft.hazl.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.licensing.Entitlement;
import dev.weft.licensing.LicenseProblem;
import dev.weft.spi.controlplane.BalancerChoice;
import dev.weft.testkit.Await;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The extension against a fake control plane with an injected license answer: when it answers
 * {@code hazl}, what it reports, and when it makes the control plane re-send policies.
 */
class HazlExtensionTest {
  static final Entitlement ENTITLED = new Entitlement(true, null, "license lic-1 is valid", false);
  static final Entitlement NOT_IN_TIER =
      new Entitlement(
          false,
          LicenseProblem.FEATURE_NOT_IN_TIER,
          "feature 'hazl' is not in license lic-1 (tier free; features: none)",
          false);

  private final FakeControlPlane cp = new FakeControlPlane("kubernetes");
  private final AtomicReference<Entitlement> license = new AtomicReference<>(ENTITLED);
  private HazlExtension extension;

  @AfterEach
  void stop() {
    if (extension != null) {
      extension.stop();
    }
  }

  private HazlExtension start(Duration period) {
    extension =
        new HazlExtension(
            c -> key -> c.configMap(HazlConfigMap.NAME, key), c -> license.get(), period);
    extension.start(cp);
    return extension;
  }

  private HazlExtension start() {
    return start(Duration.ofHours(1));
  }

  private Optional<BalancerChoice> books() {
    return cp.choiceFor("books", Map.of());
  }

  @Test
  void enabledAndLicensedAnswersHazlWithTheConfiguration() {
    cp.hazl("enabled", "true")
        .hazl("band.low", "0.5")
        .hazl("band.high", "3.0")
        .hazl("zone.order", "zone-b, zone-c")
        .hazl("load.decay", "500ms");
    start();
    assertEquals(
        Optional.of(
            new BalancerChoice(
                "hazl",
                Map.of(
                    "band.low", "0.5",
                    "band.high", "3",
                    "zone.order", "zone-b,zone-c",
                    "load.decay", "500ms"))),
        books());
    assertEquals(1.0, cp.gauge("weft_hazl_enabled"));
    String json = cp.status("hazl");
    assertTrue(json.startsWith("{\"enabled\":true,\"reason\":null"), json);
    assertTrue(json.contains("\"band\":{\"low\":0.5,\"high\":3}"), json);
    assertTrue(json.contains("\"zoneOrder\":[\"zone-b\",\"zone-c\"]"), json);
    assertTrue(json.contains("\"configMap\":\"weft/weft-hazl\""), json);
    assertTrue(json.contains("\"problems\":[]"), json);
  }

  @Test
  void enabledAloneUsesTheDefaults() {
    cp.hazl("enabled", "true");
    start();
    assertEquals(
        Optional.of(
            new BalancerChoice(
                "hazl", Map.of("band.low", "0.8", "band.high", "2", "load.decay", "1s"))),
        books());
  }

  @Test
  void disabledOrAbsentAnswersNothingAndSaysWhy() {
    start();
    assertEquals(Optional.empty(), books());
    assertEquals(0.0, cp.gauge("weft_hazl_enabled"));
    assertTrue(cp.status("hazl").contains("weft/weft-hazl does not exist"), cp.status("hazl"));

    cp.hazl("enabled", "false").hazl("band.low", "0.5");
    extension.refresh();
    assertEquals(Optional.empty(), books());
    assertTrue(cp.status("hazl").contains("enabled: \\\"false\\\""), cp.status("hazl"));
  }

  @Test
  void unlicensedAnswersNothingWithTheLicensesReason() {
    license.set(NOT_IN_TIER);
    cp.hazl("enabled", "true");
    start();
    assertEquals(Optional.empty(), books());
    assertEquals(0.0, cp.gauge("weft_hazl_enabled"));
    String json = cp.status("hazl");
    assertTrue(json.contains("\"enabled\":false"), json);
    assertTrue(
        json.contains("\"reason\":\"not entitled: feature 'hazl' is not in license lic-1"), json);

    license.set(ENTITLED);
    extension.refresh();
    assertTrue(books().isPresent(), "a renewed license turns it on at the next refresh");
  }

  @Test
  void aBadValueKeepsTheLastValidConfigurationAndIsNamed() {
    cp.hazl("enabled", "true").hazl("band.low", "0.5");
    start();
    int sent = cp.policiesChanged.get();

    cp.hazl("band.low", "-1").hazl("load.decay", "2m");
    extension.refresh();
    assertEquals("0.5", books().orElseThrow().config().get("band.low"));
    assertEquals(sent, cp.policiesChanged.get(), "nothing changed for the proxies");
    String json = cp.status("hazl");
    assertTrue(json.contains("\"enabled\":true"), json);
    assertTrue(
        json.contains("band.low: '-1' (expected: a number > 0 and < band.high)"), "named: " + json);
    assertTrue(json.contains("load.decay: '2m' (expected: a duration"), json);

    cp.hazl("band.low", "0.6").hazl("load.decay", "2s");
    extension.refresh();
    assertEquals("0.6", books().orElseThrow().config().get("band.low"));
    assertTrue(extension.status().problems().isEmpty(), extension.status().toString());
  }

  @Test
  void aLowEndNotBelowTheHighEndIsNamed() {
    cp.hazl("enabled", "true").hazl("band.low", "3").hazl("band.high", "2");
    start();
    assertEquals(Optional.empty(), books(), "never valid: off");
    String json = cp.status("hazl");
    assertTrue(
        json.contains("band.low: '3' (expected: a number > 0 and < band.high, which is 2)"), json);
    assertTrue(json.contains("never read with valid values"), json);
  }

  @Test
  void anUnreachableApiServerKeepsWhatWasRead() {
    cp.hazl("enabled", "true");
    start();
    cp.apiDown = new IllegalStateException("connection refused");
    extension.refresh();
    assertTrue(books().isPresent());
    assertEquals(
        "cannot read ConfigMap weft/weft-hazl: connection refused",
        extension.status().problems().getFirst());
  }

  @Test
  void policiesAreResentWhenTheAnswerChangesOnly() {
    start();
    assertEquals(0, cp.policiesChanged.get(), "off from the start: nothing to re-send");

    cp.hazl("enabled", "true");
    extension.refresh();
    assertEquals(1, cp.policiesChanged.get(), "turned on");
    extension.refresh();
    assertEquals(1, cp.policiesChanged.get(), "same answer");

    cp.hazl("band.high", "4");
    extension.refresh();
    assertEquals(2, cp.policiesChanged.get(), "band changed");
    assertEquals("4", books().orElseThrow().config().get("band.high"));

    license.set(NOT_IN_TIER);
    extension.refresh();
    assertEquals(3, cp.policiesChanged.get(), "license lost");
    assertEquals(Optional.empty(), books());

    license.set(ENTITLED);
    cp.hazl("enabled", "false");
    extension.refresh();
    assertEquals(3, cp.policiesChanged.get(), "still off");
  }

  @Test
  void theBackgroundThreadRefreshesUntilStopped() {
    start(Duration.ofMillis(10));
    assertEquals(Optional.empty(), books());
    cp.hazl("enabled", "true");
    Await.until(() -> books().isPresent(), "the refresh thread reads the ConfigMap");
    assertTrue(alive("weft-hazl-refresh"), "its own thread");

    extension.stop();
    Await.until(() -> !alive("weft-hazl-refresh"), "stop() ends the refresh thread");
  }

  private static boolean alive(String threadName) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(threadName) && t.isAlive());
  }
}
