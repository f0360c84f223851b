package dev.weft.hazl.zones;

import dev.weft.testkit.Await;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Open-loop HTTP/1.1 load through the proxy's outbound listener: requests leave at a fixed rate
 * whatever the answers take (so a slow zone builds up requests in flight, as real callers do), each
 * naming the service in its {@code Host} header. Every answer is counted in the current {@link
 * Stats} window by the zone that served it ({@code x-zone}), with its latency from its intended
 * send time; any other outcome is a failure, kept with its reason.
 */
final class OpenLoad implements AutoCloseable {
  /** What one window of requests saw. */
  static final class Stats {
    private final Map<String, Integer> byZone = new TreeMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    synchronized void served(String zone, long nanos) {
      byZone.merge(zone, 1, Integer::sum);
      latencies.add(nanos);
    }

    synchronized void failed(String why) {
      failures.add(why);
    }

    synchronized int served() {
      return byZone.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int servedIn(String zone) {
      return byZone.getOrDefault(zone, 0);
    }

    /** The share of answered requests served in {@code zone}; 0 when none was answered. */
    synchronized double share(String zone) {
      int all = served();
      return all == 0 ? 0 : (double) servedIn(zone) / all;
    }

    synchronized List<String> failures() {
      return List.copyOf(failures);
    }

    /** The 99th percentile latency in milliseconds (nearest rank); 0 with no answer. */
    double p99Millis() {
      return percentileMillis(0.99);
    }

    /** A percentile ({@code q} in (0, 1]) of the latencies in milliseconds, nearest rank. */
    synchronized double percentileMillis(double q) {
      if (latencies.isEmpty()) {
        return 0;
      }
      List<Long> sorted = new ArrayList<>(latencies);
      sorted.sort(null);
      int rank = (int) Math.ceil(q * sorted.size()) - 1;
      return sorted.get(Math.max(rank, 0)) / 1e6;
    }

    @Override
    public synchronized String toString() {
      return "served "
          + byZone
          + ", failed "
          + failures.size()
          + String.format(", p99 %.1f ms", p99Millis());
    }
  }

  private final HttpClient client;
  private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
  private final AtomicReference<Stats> current = new AtomicReference<>(new Stats());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final HttpRequest request;

  /**
   * Starts sending.
   *
   * @param perSecond requests per second, sent in batches every 10 ms
   */
  OpenLoad(InetSocketAddress proxy, String authority, int perSecond) {
    this(proxy, authority, perSecond, 15);
  }

  /** As above, with a request timeout of {@code timeoutSeconds}. */
  OpenLoad(InetSocketAddress proxy, String authority, int perSecond, int timeoutSeconds) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(callbacks)
            .build();
    this.request =
        HttpRequest.newBuilder(URI.create("http://" + ZoneProxy.text(proxy) + "/books"))
            .header("Host", authority)
            .timeout(Duration.ofSeconds(timeoutSeconds))
            .build();
    double perTick = perSecond / 100.0;
    double[] owed = {0};
    ticks.scheduleAtFixedRate(
        () -> {
          owed[0] += perTick;
          long intended = System.nanoTime();
          while (owed[0] >= 1) {
            owed[0]--;
            send(intended);
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
  }

  private void send(long intended) {
    Stats window = current.get();
    inFlight.incrementAndGet();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((response, error) -> {
          inFlight.decrementAndGet();
          if (error != null) {
            window.failed(error.toString());
          } else if (response.statusCode() != 200) {
            window.failed(response.statusCode() + " " + new String(response.body()).strip());
          } else {
            window.served(
                response.headers().firstValue("x-zone").orElse("?"), System.nanoTime() - intended);
          }
        });
  }

  /** Ends the current window and starts a new one; answers still due count in the old one. */
  Stats take() {
    return current.getAndSet(new Stats());
  }

  /**
   * Collects a window of at least {@code requests} answered requests, after discarding what came
   * before (the requests sent before a change of conditions).
   */
  Stats window(int requests) {
    take();
    return collect(requests);
  }

  /** Collects at least {@code requests} answered requests into the current window, and ends it. */
  Stats collect(int requests) {
    Stats w = current.get();
    Await.until(
        Duration.ofSeconds(60),
        requests + " answers through the proxy",
        () -> w.served() + w.failures().size() >= requests);
    return take();
  }

  /** Requests sent and not yet answered. */
  int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() throws InterruptedException {
    ticks.shutdownNow();
    try {
      Await.until(
          Duration.ofSeconds(20), "the last requests to be answered", () -> inFlight.get() == 0);
    } finally {
      client.close();
      callbacks.shutdownNow();
    }
  }
}
