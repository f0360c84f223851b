package dev.weft.hazl.zones;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One endpoint of the balanced service, in one zone: answers every request with 200, its zone in
 * header {@code x-zone} and a body of {@link #BODY_BYTES}. It can be slowed down, stopped (the port
 * refuses connections) and started again on the same port.
 */
final class ZoneBackend implements AutoCloseable {
  static final int BODY_BYTES = 1024;
  private static final byte[] BODY = body();

  final String zone;
  final String name;
  private final AtomicLong served = new AtomicLong();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Duration delay = Duration.ZERO;
  private volatile int port;
  private HttpServer server;

  ZoneBackend(String zone, String name) throws IOException {
    this.zone = zone;
    this.name = name;
    start();
  }

  synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    s.setExecutor(executor);
    s.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Duration d = delay;
            if (!d.isZero()) {
              try {
                // The slowness itself is what this endpoint is for.
                Thread.sleep(d);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            served.incrementAndGet();
            exchange.getResponseHeaders().add("x-zone", zone);
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(BODY);
            }
          }
        });
    s.start();
    port = s.getAddress().getPort();
    server = s;
  }

  /** Stops listening; requests under way get their answer first (up to a second). */
  synchronized void stop() {
    if (server != null) {
      server.stop(1);
      server = null;
    }
  }

  void delay(Duration d) {
    this.delay = d;
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  long served() {
    return served.get();
  }

  @Override
  public void close() {
    stop();
    executor.shutdownNow();
  }

  private static byte[] body() {
    byte[] b = new byte[BODY_BYTES];
    Arrays.fill(b, (byte) 'z');
    return b;
  }
}
