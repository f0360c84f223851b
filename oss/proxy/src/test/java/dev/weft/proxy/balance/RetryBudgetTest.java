package dev.weft.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  // Before the epoch, so the nanosecond clock is negative: the budget must not care.
  private final ManualClock clock = new ManualClock(Instant.parse("1969-12-31T23:59:00Z"));
  private final RetryBudget noReserve =
      new RetryBudget(new RetryBudgetConfig(0.2, 0, Duration.ofSeconds(10)), TestTime.nanos(clock));

  @Test
  void aHundredRequestsAllowTwentyRetries() {
    deposit(noReserve, 100);
    assertEquals(20, noReserve.balance());
    assertEquals(20, withdrawAll(noReserve));
    assertEquals(0, noReserve.balance());
  }

  @Test
  void theMinimumAddsToTheShare() {
    RetryBudget budget = new RetryBudget(RetryBudgetConfig.DEFAULT, TestTime.nanos(clock));
    deposit(budget, 100);
    assertEquals(20 + 10 * 10, withdrawAll(budget));
  }

  @Test
  void withoutRequestsTheMinimumPerSecondStillAllowsRetries() {
    RetryBudget budget =
        new RetryBudget(
            new RetryBudgetConfig(0.2, 3, Duration.ofSeconds(5)), TestTime.nanos(clock));
    assertEquals(15, budget.balance(), "3 a second over 5 s");
    assertEquals(15, withdrawAll(budget));
    clock.advance(Duration.ofMillis(4500));
    assertFalse(budget.tryWithdraw(), "the retries still count");
    clock.advance(Duration.ofMillis(500));
    assertEquals(15, withdrawAll(budget), "a ttl later they no longer do");
  }

  @Test
  void depositsExpireAfterTheTtl() {
    deposit(noReserve, 50);
    clock.advance(Duration.ofSeconds(5));
    deposit(noReserve, 50);
    assertEquals(20, noReserve.balance());
    clock.advance(Duration.ofSeconds(5));
    assertEquals(10, noReserve.balance(), "the first 50 are gone");
    clock.advance(Duration.ofSeconds(5));
    assertEquals(0, noReserve.balance());
    assertFalse(noReserve.tryWithdraw());
  }

  @Test
  void ratioZeroAllowsOnlyTheMinimum() {
    RetryBudget budget =
        new RetryBudget(new RetryBudgetConfig(0, 1, Duration.ofSeconds(2)), TestTime.nanos(clock));
    deposit(budget, 1000);
    assertEquals(2, withdrawAll(budget));
  }

  @Test
  void concurrentDepositsAreAllCounted() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> deposit(noReserve, 25_000)));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(20_000, noReserve.balance());
  }

  @Test
  void badConfigNamesTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RetryBudgetConfig(-0.1, 10, Duration.ofSeconds(10)));
    assertEquals("ratio: -0.1 (expected: 0 to 1000)", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RetryBudgetConfig(0.2, 10, Duration.ofMillis(500)));
    assertEquals("ttl: PT0.5S (expected: 1s to 60s)", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new RetryBudgetConfig(Double.NaN, 10, Duration.ofSeconds(10)));
  }

  private static void deposit(RetryBudget budget, int n) {
    for (int i = 0; i < n; i++) {
      budget.deposit();
    }
  }

  private static int withdrawAll(RetryBudget budget) {
    int n = 0;
    while (budget.tryWithdraw()) {
      n++;
      assertTrue(n < 1_000_000, "the budget never runs out");
    }
    return n;
  }
}
