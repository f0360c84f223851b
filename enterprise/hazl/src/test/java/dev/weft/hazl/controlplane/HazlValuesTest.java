package dev.weft.hazl.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The values' bounds are the balancer's: what passes here is what every proxy accepts. */
class HazlValuesTest {
  @Test
  void bandEndsAreAboveZeroAndAtMostAThousand() {
    assertEquals(0.8, HazlValues.bandEnd("band.low", " 0.8 ", "x"));
    assertEquals(1000.0, HazlValues.bandEnd("band.high", "1000", "x"));
    assertEquals(0.00001, HazlValues.bandEnd("band.low", "1e-05", "x"), "as Helm renders it");
    for (String bad : List.of("0", "-1", "1000.5", "NaN", "Infinity", "0x10", "1d", "", "1,5")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> HazlValues.bandEnd("band.low", bad, "a number > 0 and < band.high"));
      assertEquals(
          "band.low: '" + bad + "' (expected: a number > 0 and < band.high)", e.getMessage());
    }
  }

  @Test
  void numbersArePushedAsPlainDecimals() {
    assertEquals("0.00001", HazlValues.plain(1e-5));
    assertEquals("2", HazlValues.plain(2.0));
    assertEquals("0.8", HazlValues.plain(0.8));
  }

  @Test
  void decayIsFromTenMillisecondsToAMinute() {
    assertEquals(Duration.ofMillis(10), HazlValues.decay("load.decay", "10ms"));
    assertEquals(Duration.ofSeconds(60), HazlValues.decay("load.decay", "1m"));
    assertEquals(Duration.ofSeconds(60), HazlValues.decay("load.decay", "60s"));
    assertEquals("1500ms", HazlValues.duration(HazlValues.decay("load.decay", "1500ms")));
    assertEquals("2s", HazlValues.duration(HazlValues.decay("load.decay", "2000ms")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9ms", "61s", "2m", "1h", "1.5s", "1", "-1s", "s", "PT1S"})
  void aBadDecayIsNamed(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HazlValues.decay("load.decay", bad));
    assertTrue(e.getMessage().startsWith("load.decay: '" + bad + "' (expected:"), e.getMessage());
  }

  @Test
  void zoneOrderIsAListOfZoneNames() {
    assertEquals(
        List.of("us-east-1b", "eu_west.2", "Z"),
        HazlValues.zoneOrder("zone.order", " us-east-1b ,eu_west.2,Z"));
    assertEquals(List.of(), HazlValues.zoneOrder("zone.order", "  "));
    assertEquals(1, HazlValues.zoneOrder("zone.order", "a".repeat(63)).size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a,,b", "-a", "zone a", "a,a", "a/b", ",a"})
  void aBadZoneOrderIsNamedWithTheEntry(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HazlValues.zoneOrder("zone.order", bad));
    assertTrue(e.getMessage().startsWith("zone.order: '" + bad + "' (expected:"), e.getMessage());
  }

  @Test
  void aZoneNameIsAtMost63Characters() {
    String name = "a".repeat(64);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> HazlValues.zoneOrder("zone.order", name));
    assertTrue(e.getMessage().contains("'" + name + "' is not a zone name"), e.getMessage());
  }

  @Test
  void enabledIsTrueOrFalse() {
    assertTrue(HazlValues.bool("enabled", "True"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HazlValues.bool("enabled", "yes"));
    assertEquals("enabled: 'yes' (expected: \"true\" or \"false\")", e.getMessage());
  }
}
