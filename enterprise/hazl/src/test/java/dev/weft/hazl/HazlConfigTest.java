package dev.weft.hazl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.ConfigResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HazlConfigTest {
  @Test
  void absentKeysTakeTheDefaults() {
    ConfigResult<HazlConfig> r = HazlConfig.parse(Map.of());
    assertTrue(r.ok(), r.errors()::toString);
    assertEquals(new HazlConfig(0.8, 2.0, List.of(), Duration.ofSeconds(1)), r.value());
    assertEquals(HazlConfig.DEFAULT, r.value());
  }

  @Test
  void parsesEveryKey() {
    HazlConfig c =
        HazlConfig.parse(
                Map.of(
                    "band.low", "0.5",
                    "band.high", " 3 ",
                    "zone.order", "zone-c, zone-b",
                    "load.decay", "500ms"))
            .value();
    assertEquals(0.5, c.bandLow());
    assertEquals(3.0, c.bandHigh());
    assertEquals(List.of("zone-c", "zone-b"), c.zoneOrder());
    assertEquals(Duration.ofMillis(500), c.loadDecay());
    assertEquals(Duration.ofMinutes(1), parse("load.decay", "1m").value().loadDecay());
    assertEquals(1000.0, parse("band.high", "1000").value().bandHigh());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "band.low|-1|band.low: '-1' (expected: a number > 0 and < band.high)",
        "band.low|0|band.low: '0' (expected: a number > 0 and < band.high)",
        "band.low|abc|band.low: 'abc' (expected: a number > 0 and < band.high)",
        "band.low|NaN|band.low: 'NaN' (expected: a number > 0 and < band.high)",
        "band.low|2|band.low: '2' (expected: a number > 0 and < band.high)",
        "band.high|0.5|band.high: '0.5' (expected: a number > band.low and <= 1000)",
        "band.high|1000.5|band.high: '1000.5' (expected: a number > band.low and <= 1000)",
        "band.high|1e3|band.high: '1e3' (expected: a number > band.low and <= 1000)",
        "zone.order|a,,b|zone.order: 'a,,b' (expected: distinct zone names separated by commas,"
            + " such as zone-b,zone-c)",
        "zone.order|a,a|zone.order: 'a,a' (expected: distinct zone names separated by commas,"
            + " such as zone-b,zone-c)",
        "zone.order|a b|zone.order: 'a b' (expected: distinct zone names separated by commas,"
            + " such as zone-b,zone-c)",
        "load.decay|5ms|load.decay: '5ms' (expected: a duration from 10ms to 60s, such as 500ms"
            + " or 1s)",
        "load.decay|2m|load.decay: '2m' (expected: a duration from 10ms to 60s, such as 500ms"
            + " or 1s)",
        "load.decay|-1s|load.decay: '-1s' (expected: a duration from 10ms to 60s, such as 500ms"
            + " or 1s)",
        "load.decay|1|load.decay: '1' (expected: a duration from 10ms to 60s, such as 500ms"
            + " or 1s)",
      })
  void aBadValueIsAnErrorNamingItsKey(String key, String value, String error) {
    ConfigResult<HazlConfig> r = parse(key, value);
    assertFalse(r.ok());
    assertNull(r.value());
    assertEquals(List.of(error), r.errors());
  }

  @Test
  void bandsGivenTogetherMustBeOrdered() {
    assertEquals(
        List.of("band.low: '3' (expected: a number > 0 and < band.high)"),
        HazlConfig.parse(Map.of("band.low", "3", "band.high", "2.5")).errors());
    assertTrue(HazlConfig.parse(Map.of("band.low", "3", "band.high", "4")).ok());
  }

  @Test
  void unknownKeysAreErrorsAndEveryErrorIsReported() {
    ConfigResult<HazlConfig> r =
        HazlConfig.parse(Map.of("band", "1", "band.low", "x", "load.decay", "forever"));
    assertEquals(
        List.of(
            "band: unknown key (expected: one of band.low, band.high, zone.order, load.decay)",
            "band.low: 'x' (expected: a number > 0 and < band.high)",
            "load.decay: 'forever' (expected: a duration from 10ms to 60s, such as 500ms or 1s)"),
        r.errors());
  }

  @Test
  void anEmptyZoneOrderIsTheDefault() {
    assertEquals(List.of(), parse("zone.order", "").value().zoneOrder());
    assertEquals(List.of(), parse("zone.order", " ").value().zoneOrder());
  }

  @Test
  void itsMapParsesBackToIt() {
    HazlConfig c = new HazlConfig(0.0001, 1000, List.of("b", "a"), Duration.ofMillis(250));
    assertEquals(c, HazlConfig.parse(c.toMap()).value());
    assertEquals(HazlConfig.DEFAULT, HazlConfig.parse(HazlConfig.DEFAULT.toMap()).value());
  }

  @Test
  void theRecordRefusesWhatParseRefuses() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HazlConfig(2, 1, List.of(), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().startsWith("bandHigh: 1.0"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new HazlConfig(0.8, 2, List.of(), Duration.ofMillis(1)));
  }

  private static ConfigResult<HazlConfig> parse(String key, String value) {
    return HazlConfig.parse(Map.of(key, value));
  }
}
