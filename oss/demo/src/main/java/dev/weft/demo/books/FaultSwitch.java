package dev.weft.demo.books;

import com.sun.net.httpserver.HttpExchange;
import dev.weft.demo.http.HttpReply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code /_demo/faults} on a books replica's own port: {@code POST /_demo/faults?delay=200ms} makes
 * the replica slow from the next request on, {@code ?delay=0} fast again; {@code GET} says what it
 * does now. The other faults (the fail ratio) keep what the replica was started with.
 *
 * <p>A demo switch, not an API: it answers loopback peers only (403 otherwise), and the replica
 * listens on 127.0.0.1 anyway. Its proxy forwards from loopback too, so a request routed through
 * the mesh could reach it; the demo's services never send one.
 */
final class FaultSwitch {
  static final String PATH = "/_demo/faults";

  /** Long enough for any demo, short enough that a typo does not hang every request for hours. */
  static final Duration MAX_DELAY = Duration.ofSeconds(60);

  private final AtomicReference<Faults> faults;

  FaultSwitch(Faults initial) {
    this.faults = new AtomicReference<>(initial);
  }

  Faults current() {
    return faults.get();
  }

  void handle(HttpExchange exchange) throws IOException {
    InetSocketAddress peer = exchange.getRemoteAddress();
    if (peer == null || peer.getAddress() == null || !peer.getAddress().isLoopbackAddress()) {
      HttpReply.text(exchange, 403, "books: " + PATH + " answers loopback peers only\n");
      return;
    }
    switch (exchange.getRequestMethod()) {
      case "GET" -> HttpReply.text(exchange, 200, "books: faults: " + current() + "\n");
      case "POST" -> {
        Duration delay;
        try {
          delay = delay(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
          HttpReply.text(exchange, 400, "books: " + e.getMessage() + "\n");
          return;
        }
        Faults now = faults.updateAndGet(f -> new Faults(delay, f.failRatio(), f.failStatus()));
        System.out.println(java.time.Instant.now() + " books: faults now " + now);
        HttpReply.text(exchange, 200, "books: faults: " + now + "\n");
      }
      default -> {
        exchange.getResponseHeaders().set("Allow", "GET, POST");
        HttpReply.text(exchange, 405, "books: " + PATH + " takes GET or POST\n");
      }
    }
  }

  /** The {@code delay} of a query such as {@code delay=200ms}: the only parameter there is. */
  static Duration delay(String query) {
    if (query == null || query.isEmpty()) {
      throw new IllegalArgumentException("no delay (expected: ?delay=200ms, or ?delay=0)");
    }
    Duration delay = null;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (!key.equals("delay")) {
        throw new IllegalArgumentException("unknown parameter '" + key + "' (expected: delay)");
      }
      delay = duration(eq < 0 ? "" : pair.substring(eq + 1));
    }
    return delay;
  }

  private static Duration duration(String v) {
    Duration d = null;
    try {
      if (v.equals("0")) {
        d = Duration.ZERO;
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    if (d == null || d.isNegative() || d.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException(
          "delay='" + v + "': invalid (expected: 0, or a duration up to 60s such as 200ms or 2s)");
    }
    return d;
  }
}
