package dev.weft.proxy.outbound;

import static dev.weft.proxy.outbound.FakeDestination.endpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.testkit.Await;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The balancer over real replicas: latency-aware choice, a replica dying under load, circuit
 * breaking, and opaque TCP balanced per connection.
 */
class BalancingTest {
  private static final ServicePolicy DEFAULT = ServicePolicy.getDefaultInstance();

  @Test
  void aReplica50msSlowerGetsClearlyLessTraffic() throws Exception {
    try (Replica a = new Replica("a");
        Replica b = new Replica("b");
        Replica slow = new Replica("slow");
        OutboundFixture f = OutboundFixture.discovered()) {
      slow.delayMillis = 50;
      f.destination.set("books:80", DEFAULT, endpoints(a, b, slow));
      try (Load load = new Load(f, "books", 4)) {
        Await.until(Duration.ofSeconds(60), "1500 requests", () -> load.ok() >= 1500);
        load.stop();
        assertEquals(0, load.failures(), load.firstFailure());
      }
      int total = a.served.get() + b.served.get() + slow.served.get();
      double share = slow.served.get() / (double) total;
      // An even split gives each a third; peak-EWMA keeps the slow one well under half of that.
      assertTrue(share < 0.15, "slow replica share " + share + " of " + total);
      assertTrue(
          a.served.get() > total / 4 && b.served.get() > total / 4, a.served + "/" + b.served);
    }
  }

  @Test
  void aReplicaKilledUnderLoadLosesNoIdempotentRequest() throws Exception {
    try (Replica a = new Replica("a");
        Replica b = new Replica("b");
        ReplicaProcess doomed = ReplicaProcess.start("doomed");
        OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set(
          "books:80",
          DEFAULT,
          List.of(
              endpoints(a, b).get(0),
              endpoints(a, b).get(1),
              FakeDestination.endpoint(doomed.address())));
      try (Load load = new Load(f, "books", 6)) {
        Await.until(
            Duration.ofSeconds(30),
            "doomed serves",
            () -> load.ok() - a.served.get() - b.served.get() > 30);
        doomed.kill(); // SIGKILL: the kernel resets its connections, requests in flight included
        int at = load.ok();
        Await.until(Duration.ofSeconds(30), "load goes on", () -> load.ok() > at + 1000);
        load.stop();
        assertEquals(0, load.failures(), load.firstFailure());
      }
      var m = f.scrape();
      // What the kill cut off, and the connections it refused after, went to the others.
      assertTrue(m.sum("weft_retry_total", Map.of("dst_service", "books:80")) > 0, m.text());
    }
  }

  @Test
  void aClientConnectionIsStillReadAfterItsRequestWasRetriedOnAPooledConnection() throws Exception {
    java.net.InetSocketAddress dead;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = new java.net.InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
    try (Replica live = new Replica("live");
        OutboundFixture f = OutboundFixture.balanced(Set.of(), live.address(), dead)) {
      // One client connection, requests one after another: a request refused by the dead
      // address is retried on the pooled connection to the live one, and the next request on the
      // same client connection must still be read.
      for (int i = 0; i < 20; i++) {
        var rsp = f.get("books", "/" + i);
        assertEquals(200, rsp.statusCode(), "request " + i);
      }
      var m = f.scrape();
      assertTrue(
          m.sum(
                  "weft_balancer_endpoint_requests_total",
                  Map.of("endpoint", "127.0.0.1:" + dead.getPort(), "outcome", "unreachable"))
              >= 1,
          m.text());
    }
  }

  @Test
  void aFailingReplicaIsEjectedThenBroughtBackWhenItRecovers() throws Exception {
    try (Replica a = new Replica("a");
        Replica bad = new Replica("bad");
        OutboundFixture f = OutboundFixture.discovered()) {
      bad.failEvery = 1;
      bad.failStatus = 500;
      f.destination.set("books:80", DEFAULT, endpoints(a, bad));
      try (Load load = new Load(f, "books", 2)) {
        Await.until(Duration.ofSeconds(30), "bad is tried", () -> bad.failed.get() >= 7);
        // Ejected: while it is out, the requests all go to a (probes aside).
        Await.until(
            Duration.ofSeconds(30),
            "bad is ejected",
            () -> {
              int before = bad.seen();
              int ok = a.served.get();
              Await.until(Duration.ofSeconds(10), "200 more", () -> a.served.get() > ok + 200);
              return bad.seen() - before <= 2;
            });
        bad.failEvery = 0;
        Await.until(
            Duration.ofSeconds(60), "bad serves again after a probe", () -> bad.served.get() > 20);
        load.stop();
      }
    }
  }

  @Test
  void opaqueTcpIsBalancedPerConnection() throws Exception {
    try (Greeter one = new Greeter("one");
        Greeter two = new Greeter("two");
        OutboundFixture f =
            OutboundFixture.balanced(Set.of(one.port()), one.address(), two.address())) {
      // Connections held open at once: each new one goes where fewer are open.
      int[] seen = new int[2];
      java.util.List<Socket> open = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 20; i++) {
          Socket s = new Socket("127.0.0.1", f.proxy.port());
          open.add(s);
          s.setSoTimeout(10_000);
          String hello = new String(s.getInputStream().readNBytes(3), StandardCharsets.US_ASCII);
          seen[hello.equals("one") ? 0 : 1]++;
        }
      } finally {
        for (Socket s : open) {
          s.close();
        }
      }
      assertTrue(seen[0] >= 8 && seen[1] >= 8, seen[0] + " / " + seen[1]);
    }
  }

  /** A server that speaks first: it says its name and closes. */
  private static final class Greeter implements AutoCloseable {
    private final ServerSocket server =
        new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    private final Thread thread;

    Greeter(String name) throws java.io.IOException {
      thread =
          Thread.ofVirtual()
              .start(() -> {
                while (!server.isClosed()) {
                  Socket accepted;
                  try {
                    accepted = server.accept();
                  } catch (java.io.IOException e) {
                    return; // closed
                  }
                  Thread.ofVirtual().start(() -> greet(accepted, name));
                }
              });
    }

    private static void greet(Socket accepted, String name) {
      try (Socket s = accepted) {
        OutputStream out = s.getOutputStream();
        out.write(name.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        in.read(); // until the client closes
      } catch (java.io.IOException e) {
        // the client went away
      }
    }

    java.net.InetSocketAddress address() {
      return new java.net.InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      server.close();
      thread.join(5_000);
    }
  }
}
