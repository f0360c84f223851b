package dev.weft.demo.traffic;

import dev.weft.demo.http.MeshHttpClient;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends {@code GET path} to a target at a steady rate, whether or not earlier requests have been
 * answered (an open loop, like real users), and counts what comes back. It prints a summary every
 * ten seconds, never a line per request.
 */
public final class TrafficGenerator implements AutoCloseable {
  private static final long SUMMARY_SECONDS = 10;

  private final MeshHttpClient client;
  private final String authority;
  private final String path;
  private final double rate;
  private final ScheduledExecutorService ticks;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicLong successes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<String> lastFailure = new AtomicReference<>();

  private TrafficGenerator(MeshHttpClient client, String authority, String path, double rate) {
    this.client = client;
    this.authority = authority;
    this.path = path;
    this.rate = rate;
    this.ticks = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "traffic"));
  }

  /** Starts sending to {@code target}, naming {@code authority} in the Host header. */
  public static TrafficGenerator start(
      InetSocketAddress target,
      String authority,
      String path,
      double rate,
      Duration timeout,
      PrintStream summaries) {
    TrafficGenerator generator =
        new TrafficGenerator(new MeshHttpClient(target, timeout), authority, path, rate);
    long periodNanos = (long) (1_000_000_000L / rate);
    generator.ticks.scheduleAtFixedRate(generator::send, 0, periodNanos, TimeUnit.NANOSECONDS);
    generator.ticks.scheduleAtFixedRate(
        () -> summaries.println(generator.summary()),
        SUMMARY_SECONDS,
        SUMMARY_SECONDS,
        TimeUnit.SECONDS);
    return generator;
  }

  private void send() {
    CompletableFuture<MeshHttpClient.Answer> call = client.getAsync(authority, path);
    inFlight.add(call);
    call.whenComplete((answer, error) -> {
      if (answer != null && answer.ok()) {
        successes.incrementAndGet();
      } else {
        failures.incrementAndGet();
        lastFailure.set(answer != null ? answer.problem() : String.valueOf(error));
      }
      inFlight.remove(call);
    });
  }

  public double rate() {
    return rate;
  }

  /** Requests answered with a 2xx status. */
  public long successes() {
    return successes.get();
  }

  /** Requests answered otherwise, or not at all within the timeout. */
  public long failures() {
    return failures.get();
  }

  String summary() {
    String last = lastFailure.get();
    return "traffic: "
        + successes.get()
        + " succeeded, "
        + failures.get()
        + " failed"
        + (last == null ? "" : " (last failure: " + last + ")");
  }

  /** Stops sending and waits (bounded by the timeout) for the requests still in flight. */
  @Override
  public void close() {
    ticks.shutdownNow();
    try {
      ticks.awaitTermination(5, TimeUnit.SECONDS);
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Each call completes with an answer; a stuck one is counted when it completes, if ever.
    }
  }
}
