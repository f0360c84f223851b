package dev.weft.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FailureAccrualTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ManualTimer timer = new ManualTimer(clock);
  private final AtomicInteger changes = new AtomicInteger();
  private final List<String> all = List.of("a", "b", "c", "d");

  private FailureAccrual<String> accrual(FailureAccrualConfig config) {
    return new FailureAccrual<>(
        config, TestTime.nanos(clock), new SplittableRandom(7), timer, changes::incrementAndGet);
  }

  private final FailureAccrual<String> accrual =
      accrual(new FailureAccrualConfig(3, Duration.ofSeconds(1), Duration.ofSeconds(5), false));

  @Test
  void consecutiveFailuresEjectAndASuccessInBetweenDoesNot() {
    accrual.record("a", true);
    accrual.record("a", true);
    accrual.record("a", false);
    accrual.record("a", true);
    accrual.record("a", true);
    assertEquals(all, accrual.available(all));
    assertEquals(0, changes.get());
    accrual.record("a", true);
    assertEquals(List.of("b", "c", "d"), accrual.available(all));
    assertEquals(1, changes.get(), "the owner learns of the ejection");
    assertEquals(List.of(Duration.ofSeconds(1)), timer.pending());
  }

  @Test
  void ejectBackoffProbeReejectDoubledThenSuccessResets() {
    eject("a");
    timer.advance(Duration.ofMillis(999));
    assertTrue(accrual.isEjected("a"));
    timer.advance(Duration.ofMillis(1));
    assertFalse(accrual.isEjected("a"), "back as a probe after 1 s");
    assertEquals(all, accrual.available(all));
    assertEquals(2, changes.get(), "the owner learns when the backoff ends");

    accrual.record("a", true); // one failure while probing is enough
    assertTrue(accrual.isEjected("a"));
    assertEquals(List.of(Duration.ofSeconds(2)), timer.pending(), "doubled");
    timer.advance(Duration.ofSeconds(2));
    accrual.record("a", true);
    assertEquals(List.of(Duration.ofSeconds(4)), timer.pending());
    timer.advance(Duration.ofSeconds(4));
    accrual.record("a", true);
    assertEquals(List.of(Duration.ofSeconds(5)), timer.pending(), "capped at max-backoff");
    timer.advance(Duration.ofSeconds(5));

    accrual.record("a", false); // the probe succeeds: healthy, backoff reset
    accrual.record("a", true);
    accrual.record("a", true);
    assertFalse(accrual.isEjected("a"), "healthy again: needs 3 failures in a row");
    accrual.record("a", true);
    assertEquals(List.of(Duration.ofSeconds(1)), timer.pending(), "back to min-backoff");
  }

  @Test
  void aSuccessWhileEjectedEndsTheEjection() {
    eject("a");
    int before = changes.get();
    accrual.record("a", false);
    assertFalse(accrual.isEjected("a"));
    assertEquals(before + 1, changes.get());
    assertEquals(List.of(), timer.pending(), "its timer is cancelled");
  }

  @Test
  void failuresWhileEjectedDoNotExtendIt() {
    eject("a");
    accrual.record("a", true);
    accrual.record("a", true);
    assertEquals(List.of(Duration.ofSeconds(1)), timer.pending());
  }

  @Test
  void neverFewerThanHalfRoundedUpAreAvailable() {
    List<String> seven = List.of("a", "b", "c", "d", "e", "f", "g");
    for (String e : seven) {
      eject(e);
      timer.advance(Duration.ofMillis(100)); // each ejection ends 100 ms after the previous one
      assertTrue(accrual.available(seven).size() >= 4, "7 endpoints keep at least 4");
    }
    // All seven are ejected; those whose backoff ends soonest make up the floor, in given order.
    assertEquals(List.of("a", "b", "c", "d"), accrual.available(seven));
    assertEquals(List.of("a"), accrual.available(List.of("a")), "a lone endpoint stays");
    assertEquals(List.of("a"), accrual.available(List.of("a", "b")));
    assertEquals(List.of("h", "a"), accrual.available(List.of("h", "a", "b", "c")));
    assertEquals(List.of(), accrual.available(List.of()));
  }

  @Test
  void jitterStaysBetweenTheBackoffAndHalfAgainAndUnderTheMax() {
    FailureAccrual<String> jittered =
        accrual(new FailureAccrualConfig(1, Duration.ofSeconds(1), Duration.ofSeconds(3), true));
    for (int i = 0; i < 50; i++) {
      jittered.record("e" + i, true);
    }
    List<Duration> first = timer.pending();
    assertEquals(50, first.size());
    assertTrue(first.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(1)) >= 0));
    assertTrue(first.stream().allMatch(d -> d.compareTo(Duration.ofMillis(1500)) <= 0));
    assertTrue(first.stream().distinct().count() > 10, "jitter spreads the probes: " + first);
  }

  @Test
  void forgottenEndpointsStopTheirTimersAndCloseSilences() {
    eject("a");
    eject("b");
    accrual.retain(List.of("b", "c"));
    assertFalse(accrual.isEjected("a"));
    assertEquals(1, timer.pending().size(), "a's timer is cancelled");
    accrual.close();
    int before = changes.get();
    timer.advance(Duration.ofSeconds(10));
    accrual.record("c", true);
    accrual.record("c", true);
    accrual.record("c", true);
    assertEquals(before, changes.get());
    assertEquals(List.of(), timer.pending());
  }

  private void eject(String endpoint) {
    for (int i = 0; i < 3; i++) {
      accrual.record(endpoint, true);
    }
    assertTrue(accrual.isEjected(endpoint), endpoint + " ejected");
  }
}
