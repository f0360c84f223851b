package dev.weft.proxy.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CallbackThreadTest {
  @Test
  void runsTasksOnItsOwnNamedThread() throws Exception {
    try (CallbackThread thread = new CallbackThread("weft-test-callbacks")) {
      CountDownLatch ran = new CountDownLatch(1);
      List<String> names = new CopyOnWriteArrayList<>();
      thread.execute(() -> {
        names.add(Thread.currentThread().getName());
        ran.countDown();
      });
      assertTrue(ran.await(10, TimeUnit.SECONDS));
      assertEquals(List.of("weft-test-callbacks"), names);
    }
  }

  @Test
  void closingRunsEveryTaskAlreadyGiven() throws Exception {
    CallbackThread thread = new CallbackThread("weft-test-callbacks");
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    thread.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ran.add(0);
    });
    for (int i = 1; i <= 5; i++) {
      int n = i;
      thread.execute(() -> ran.add(n));
    }
    thread.close();
    assertTrue(thread.isClosed());
    release.countDown();
    assertTrue(thread.awaitTermination(Duration.ofSeconds(10)));
    assertEquals(List.of(0, 1, 2, 3, 4, 5), ran, "the blocked task was not interrupted");
  }

  @Test
  void aTaskGivenAfterCloseRunsOnTheCallersThread() throws Exception {
    CallbackThread thread = new CallbackThread("weft-test-callbacks");
    thread.close();
    assertTrue(thread.awaitTermination(Duration.ofSeconds(10)));
    List<Thread> ranOn = new CopyOnWriteArrayList<>();
    thread.execute(() -> ranOn.add(Thread.currentThread()));
    assertEquals(List.of(Thread.currentThread()), ranOn);
  }

  @Test
  void closingDropsDelayedTasks() throws Exception {
    CallbackThread thread = new CallbackThread("weft-test-callbacks");
    AtomicBoolean ran = new AtomicBoolean();
    thread.schedule(() -> ran.set(true), Duration.ofHours(1));
    thread.close();
    assertTrue(thread.awaitTermination(Duration.ofSeconds(10)), "no delayed task kept it alive");
    thread.schedule(() -> ran.set(true), Duration.ZERO);
    assertFalse(ran.get());
  }

  @Test
  void delayedTasksRunAfterTheirDelay() throws Exception {
    try (CallbackThread thread = new CallbackThread("weft-test-callbacks")) {
      CountDownLatch ran = new CountDownLatch(1);
      long start = System.nanoTime();
      thread.schedule(ran::countDown, Duration.ofMillis(50));
      assertTrue(ran.await(10, TimeUnit.SECONDS));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
