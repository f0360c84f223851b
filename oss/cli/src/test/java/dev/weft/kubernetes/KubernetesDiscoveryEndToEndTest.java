package dev.weft.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control plane in Kubernetes mode and a proxy, both real processes, against a mock API server:
 * Services, EndpointSlices and a GAMMA HTTPRoute written to the API change where the proxy sends
 * requests, while both keep running. Tagged like the other tests that start the packaged programs:
 * run with {@code -Dweft.test.excludedGroups=none} or in failsafe.
 */
@Tag("mesh")
class KubernetesDiscoveryEndToEndTest {
  static final String BOOKS = "books.demo.svc.cluster.local:80";

  /** From an API write to the proxy: informer, recompute, Watch push; seconds at most. */
  static final Duration PROPAGATION = Duration.ofSeconds(30);

  private static final Pattern GRPC_PORT =
      Pattern.compile("Identity gRPC listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern HTTP_PORT =
      Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final List<MeshProcess> processes = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    Exception first = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  void endpointsAndRoutesWrittenToTheApiMoveTrafficWithoutARestart() throws Exception {
    Path root = Path.of(System.getProperty("weft.root"));
    MockCluster cluster = track(MockCluster.start());
    TestIssuer issuer = TestIssuer.create();
    cluster.createIdentity(issuer);
    // The proxy checks the control plane's own certificate against the mesh root.
    Path trustAnchors = Files.writeString(dir.resolve("ca-bundle.crt"), issuer.bundlePem());
    cluster.createNamespace();
    Replica a = track(new Replica("books-a"));
    Replica b = track(new Replica("books-b"));
    Replica c = track(new Replica("books-c"));
    Replica v1 = track(new Replica("books-v1-0"));
    Replica v2 = track(new Replica("books-v2-0"));
    cluster.createService("books");
    cluster.createSlice("books-a", "books", a.port());
    cluster.createSlice("books-b", "books", b.port());

    MeshProcess controlPlane =
        process(
            MeshProcess.start(
                root,
                dir,
                "weft-control-plane",
                List.of(
                    "--mode", "kubernetes",
                    "--bind", "127.0.0.1",
                    "--http-port", "0",
                    "--identity-port", "0",
                    "--log-format", "text"),
                Map.of("KUBECONFIG", cluster.writeKubeconfig(dir).toString())));
    String grpcPort = controlPlane.await(GRPC_PORT);
    // Ready means the CA loaded from the Secret and the informers listed the cluster.
    controlPlane.awaitOk("http://127.0.0.1:" + controlPlane.await(HTTP_PORT) + "/q/health/ready");

    int outbound = freePort();
    int inbound = freePort();
    int admin = freePort();
    MeshProcess proxy =
        process(
            MeshProcess.start(
                root,
                dir,
                "weft-proxy",
                List.of(
                    // A sidecar with no forward target is transparent: keep its inbound
                    // listener on loopback and off the default port.
                    "--inbound-listen", "127.0.0.1:" + inbound,
                    "--outbound-listen", "127.0.0.1:" + outbound,
                    "--destination-addr", "127.0.0.1:" + grpcPort,
                    "--control-plane-identity",
                        "weft-control-plane.weft.serviceaccount.identity.weft.cluster.local",
                    "--identity-trust-anchors", trustAnchors.toString(),
                    "--admin", "127.0.0.1:" + admin),
                Map.of()));
    proxy.awaitOk("http://127.0.0.1:" + admin + "/ready");
    Traffic books = new Traffic(outbound, BOOKS);

    awaitTraffic(
        books,
        "the two replicas of the first slices",
        Set.of("books-a", "books-b"),
        (seen, last) -> seen.keySet().containsAll(Set.of("books-a", "books-b")));

    cluster.createSlice("books-c", "books", c.port());
    awaitTraffic(
        books,
        "the replica of a new slice",
        Set.of("books-a", "books-b", "books-c"),
        (seen, last) -> seen.containsKey("books-c"));

    cluster.deleteSlice("books-a");
    awaitTraffic(
        books,
        "no more books-a once its slice is gone",
        Set.of("books-a", "books-b", "books-c"),
        (seen, last) ->
            !last.containsKey("books-a")
                && seen.keySet().containsAll(Set.of("books-b", "books-c")));
    // books-a still runs: only discovery can keep requests from it.
    Map<String, Integer> after = books.send(100);
    assertTrue(
        Set.of("books-b", "books-c").containsAll(after.keySet()),
        "the remaining replicas alone: " + after);

    cluster.createService("books-v1");
    cluster.createSlice("books-v1-0", "books-v1", v1.port());
    cluster.createService("books-v2");
    cluster.createSlice("books-v2-0", "books-v2", v2.port());
    cluster.createSplit("books-split", "books", "books-v1", 90, "books-v2", 10);
    awaitTraffic(
        books,
        "both backends of the HTTPRoute, and nothing else",
        Set.of("books-b", "books-c", "books-v1-0", "books-v2-0"),
        (seen, last) ->
            seen.keySet().containsAll(Set.of("books-v1-0", "books-v2-0"))
                && Set.of("books-v1-0", "books-v2-0").containsAll(last.keySet()));
    // 400 draws at 10%: 40 expected, standard deviation 6; 16..70 is 4 deviations below and 5
    // above, so a correct split fails about once in 30,000 runs, while 50/50 or 100/0 never pass.
    Map<String, Integer> split = books.send(400);
    assertEquals(Set.of("books-v1-0", "books-v2-0"), split.keySet(), "only the backends: " + split);
    int toV2 = split.get("books-v2-0");
    assertTrue(toV2 >= 16 && toV2 <= 70, "about 10% to books-v2: " + split);
    assertTrue(controlPlane.isAlive() && proxy.isAlive(), "the same two processes throughout");
  }

  /**
   * Sends batches of 40 requests until {@code done} holds for the answers seen since the call and
   * the last batch; every answer must be one of {@code allowed} (an error or another replica fails
   * at once).
   */
  private void awaitTraffic(
      Traffic traffic,
      String what,
      Set<String> allowed,
      BiPredicate<Map<String, Integer>, Map<String, Integer>> done)
      throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    List<Map<String, Integer>> batches = new ArrayList<>();
    Await.until(
        PROPAGATION,
        () -> {
          Map<String, Integer> last = traffic.send(40);
          batches.add(last);
          last.forEach((k, v) -> seen.merge(k, v, Integer::sum));
          if (!allowed.containsAll(last.keySet())) {
            throw new AssertionError(
                "waiting for " + what + ", answers outside " + allowed + ": " + batches + logs());
          }
          return done.test(seen, last);
        },
        () -> what + "; batches of answers: " + batches + logs());
  }

  private String logs() {
    StringBuilder out = new StringBuilder();
    for (MeshProcess p : processes) {
      out.append("\n--- ").append(p).append(" ---\n").append(p.output());
    }
    return out.toString();
  }

  private MeshProcess process(MeshProcess p) {
    processes.add(p);
    return track(p);
  }

  private <T extends AutoCloseable> T track(T resource) {
    started.push(resource);
    return resource;
  }

  /** A port free now on 127.0.0.1, for the proxy's listeners (it takes no port 0). */
  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
