package dev.weft.hazl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DaemonTickSchedulerTest {
  final DaemonTickScheduler scheduler = new DaemonTickScheduler();

  @Test
  void ticksRunOnOneDaemonThread() throws Exception {
    CompletableFuture<Thread> first = new CompletableFuture<>();
    CompletableFuture<Thread> second = new CompletableFuture<>();
    scheduler.execute(() -> first.complete(Thread.currentThread()));
    Runnable cancel =
        scheduler.every(Duration.ofMillis(10), () -> second.complete(Thread.currentThread()));
    Thread t = first.get(30, TimeUnit.SECONDS);
    assertEquals("weft-hazl-tick", t.getName());
    assertTrue(t.isDaemon());
    assertEquals(t, second.get(30, TimeUnit.SECONDS));
    cancel.run();
  }

  @Test
  void aTickThatThrowsDoesNotStopTheNextOnes() {
    AtomicInteger runs = new AtomicInteger();
    Runnable cancel =
        scheduler.every(
            Duration.ofMillis(10),
            () -> {
              runs.incrementAndGet();
              throw new IllegalStateException("a bug in one tick");
            });
    Await.until(() -> runs.get() >= 3, "three ticks despite each throwing");
    cancel.run();
  }
}
