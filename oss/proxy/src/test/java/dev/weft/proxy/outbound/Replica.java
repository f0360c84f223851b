package dev.weft.proxy.outbound;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica of a service on 127.0.0.1: answers 200 with its name, after an optional delay, or
 * with a failure status for every {@code failEvery}-th request. Counts what it served.
 */
final class Replica implements AutoCloseable {
  final String name;
  final AtomicInteger served = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  volatile long delayMillis;
  volatile int failStatus = 503;
  volatile int failEvery; // 0: never; 1: always; n: every n-th request
  volatile String retryAfter;
  volatile CountDownLatch hold; // non-null: requests wait for it
  private final HttpServer server;
  private final AtomicInteger seen = new AtomicInteger();

  Replica(String name) throws IOException {
    this(name, 0);
  }

  Replica(String name, int port) throws IOException {
    this.name = name;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            int n = seen.incrementAndGet();
            CountDownLatch h = hold;
            if (h != null) {
              h.await(30, TimeUnit.SECONDS);
            }
            long d = delayMillis;
            if (d > 0) {
              Thread.sleep(d); // the replica is slow: this is its behaviour, not a wait
            }
            int every = failEvery;
            byte[] out = name.getBytes(StandardCharsets.UTF_8);
            if (every > 0 && n % every == 0) {
              failed.incrementAndGet();
              if (retryAfter != null) {
                exchange.getResponseHeaders().add("retry-after", retryAfter);
              }
              exchange.sendResponseHeaders(failStatus, out.length);
            } else {
              served.incrementAndGet();
              exchange.sendResponseHeaders(200, out.length);
            }
            exchange.getResponseBody().write(out);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getAddress().getPort());
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Requests it received, answered or not. */
  int seen() {
    return seen.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
