package dev.weft.proxy.balance;

import static dev.weft.proxy.balance.RetryAfter.parseNanos;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void deltaSeconds() {
    assertEquals(Duration.ofSeconds(120).toNanos(), parseNanos("120", NOW));
    assertEquals(Duration.ofSeconds(3).toNanos(), parseNanos(" 3 ", NOW));
    assertEquals(0, parseNanos("0", NOW));
  }

  @Test
  void httpDate() {
    assertEquals(
        Duration.ofSeconds(90).toNanos(), parseNanos("Sun, 01 Mar 2026 12:01:30 GMT", NOW));
    assertEquals(0, parseNanos("Sun, 01 Mar 2026 11:59:00 GMT", NOW), "in the past");
  }

  @Test
  void cappedAtFiveMinutes() {
    long max = Duration.ofMinutes(5).toNanos();
    assertEquals(max, parseNanos("301", NOW));
    assertEquals(max, parseNanos("99999999999999999999999", NOW));
    assertEquals(max, parseNanos("Mon, 02 Mar 2026 12:00:00 GMT", NOW));
  }

  @Test
  void garbageIsIgnored() {
    assertEquals(0, parseNanos(null, NOW));
    assertEquals(0, parseNanos("", NOW));
    assertEquals(0, parseNanos("-5", NOW));
    assertEquals(0, parseNanos("1.5", NOW));
    assertEquals(0, parseNanos("soon", NOW));
    assertEquals(0, parseNanos("Sun, 32 Mar 2026 12:00:00 GMT", NOW));
  }
}
