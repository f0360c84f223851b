package dev.weft.proxy.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged proxy ({@code bin/weft-proxy}) in transparent mode behind {@code bin/weft-init},
 * inside two network namespaces joined by a veth pair: a "pod" (10.77.0.1) running the proxy as UID
 * 2102 and an application, and a "peer" (10.77.0.2) with a server and a client of its own. Clients
 * know nothing of the proxy: they connect to each other's addresses, and iptables brings their
 * connections to the proxy, which finds where they were going and takes them there.
 */
@Tag("netns")
class TransparentCaptureTest {
  private static final String POD_IP = "10.77.0.1";
  private static final String PEER_IP = "10.77.0.2";
  private static final String PROXY_UID = "2102";

  private static final String SUFFIX =
      HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
  private static final String POD = "weft-capture-" + SUFFIX;
  private static final String PEER = "weft-capture-peer-" + SUFFIX;
  private static final List<Process> processes = new ArrayList<>();
  private static final List<String> namespaces = new ArrayList<>();
  private static Path dir;
  private static Path proxyLog;

  @BeforeAll
  static void setUp() throws Exception {
    skipUnless(Netns.run("ip", "netns", "add", POD), "ip netns add failed");
    namespaces.add(POD);
    skipUnless(
        Netns.run("sh", "-c", "command -v iptables-restore"),
        "iptables is not installed (no iptables-restore on the PATH)");
    skipUnless(
        Netns.run("sh", "-c", "command -v setpriv"), "setpriv is not installed (util-linux)");
    Netns.ok("ip", "netns", "add", PEER);
    namespaces.add(PEER);
    String podLink = "wcp" + SUFFIX;
    String peerLink = "wcq" + SUFFIX;
    Netns.ok("ip", "link", "add", podLink, "type", "veth", "peer", "name", peerLink);
    Netns.ok("ip", "link", "set", podLink, "netns", POD);
    Netns.ok("ip", "link", "set", peerLink, "netns", PEER);
    for (String[] side : new String[][] {{POD, podLink, POD_IP}, {PEER, peerLink, PEER_IP}}) {
      Netns.ok(Netns.in(side[0], List.of("ip", "link", "set", "lo", "up")).toArray(String[]::new));
      Netns.ok(
          Netns.in(side[0], List.of("ip", "addr", "add", side[2] + "/24", "dev", side[1]))
              .toArray(String[]::new));
      Netns.ok(
          Netns.in(side[0], List.of("ip", "link", "set", side[1], "up")).toArray(String[]::new));
    }

    Path root = Path.of(System.getProperty("weft.root", "../..")).toAbsolutePath().normalize();
    Path jar = root.resolve("oss/proxy/target/weft-proxy.jar");
    assertTrue(Files.isRegularFile(jar), "the packaged proxy: " + jar);
    Netns.ok(
        Netns.in(
                POD,
                List.of(
                    root.resolve("bin/weft-init").toString(),
                    "--inbound-port",
                    "4143",
                    "--outbound-port",
                    "4140",
                    "--proxy-uid",
                    PROXY_UID,
                    "--skip-inbound-ports",
                    "4190,4191"))
            .toArray(String[]::new));

    dir = Files.createTempDirectory("weft-capture");
    dir.toFile().setReadable(true, false);
    dir.toFile().setExecutable(true, false);
    server(POD, "app", Netns.peer("http", POD_IP, "8080", "app"));
    server(PEER, "remote", Netns.peer("http", PEER_IP, "8081", "remote"));
    server(PEER, "echo", Netns.peer("echo", PEER_IP, "9300"));

    proxyLog = dir.resolve("proxy.log");
    processes.add(
        Netns.start(
            Netns.in(
                POD,
                List.of(
                    "setpriv",
                    "--reuid=" + PROXY_UID,
                    "--regid=" + PROXY_UID,
                    "--clear-groups",
                    root.resolve("bin/weft-proxy").toString())),
            Map.of(
                "WEFT_PROXY_JAR", jar.toString(),
                "WEFT_PROXY_NO_BUILD", "1",
                "JAVA_HOME", System.getProperty("java.home"),
                "HOME", "/tmp",
                "WEFT_PROXY_INBOUND_LISTEN", "0.0.0.0:4143",
                "WEFT_PROXY_OUTBOUND_LISTEN", "127.0.0.1:4140",
                "WEFT_PROXY_ADMIN", "0.0.0.0:4191",
                "WEFT_PROXY_LOG_LEVEL", "info"),
            proxyLog));
    Await.until(Duration.ofSeconds(60), "the proxy is ready", () -> logged(proxyLog, ": ready"));
  }

  private static void skipUnless(Netns.Result r, String what) {
    if (r.exit() != 0) {
      String message = "SKIPPED transparent capture: " + what + ": " + r.output();
      System.out.println(message);
      Assumptions.abort(message);
    }
  }

  private static void server(String ns, String name, List<String> cmd) throws IOException {
    Path log = dir.resolve(name + ".log");
    processes.add(Netns.start(Netns.in(ns, cmd), Map.of(), log));
    Await.until(Duration.ofSeconds(30), name + " is listening", () -> logged(log, "ready"));
  }

  private static boolean logged(Path log, String text) {
    try {
      return Files.readString(log).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void tearDown() throws Exception {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    for (String ns : namespaces) {
      Netns.run("ip", "netns", "del", ns);
    }
    if (proxyLog != null && Files.exists(proxyLog)) {
      System.out.println("proxy log:\n" + Files.readString(proxyLog));
    }
  }

  private static String inPod(String... peerArgs) throws Exception {
    return Netns.ok(Netns.in(POD, Netns.peer(peerArgs)).toArray(String[]::new));
  }

  private static String inPeer(String... peerArgs) throws Exception {
    return Netns.ok(Netns.in(PEER, Netns.peer(peerArgs)).toArray(String[]::new));
  }

  private static PromText metrics() throws Exception {
    return new PromText(inPod("get", "http://127.0.0.1:4191/metrics"));
  }

  @Test
  void inboundConnectionsReachTheApplicationThroughTheProxy() throws Exception {
    // The peer connects to the pod's address; PREROUTING sends it to 4143, and the proxy opens
    // its own connection to the application, which therefore sees the pod's address as client.
    assertEquals("app from " + POD_IP, inPeer("get", "http://" + POD_IP + ":8080/"));
    PromText m = metrics();
    assertTrue(
        m.sum("weft_original_dst_lookups_total", Map.of("direction", "inbound", "result", "ok"))
            >= 1,
        m::text);
    assertTrue(
        m.sum("request_total", Map.of("direction", "inbound", "target_addr", POD_IP + ":8080"))
            >= 1,
        m::text);
  }

  @Test
  void outboundRequestsGoToTheirOriginalDestination() throws Exception {
    // The pod's client connects to the peer; OUTPUT sends it to 4140, the proxy (UID 2102,
    // exempt) connects to where the client was going.
    assertEquals("remote from " + POD_IP, inPod("get", "http://" + PEER_IP + ":8081/"));
    PromText m = metrics();
    assertTrue(
        m.sum("weft_original_dst_lookups_total", Map.of("direction", "outbound", "result", "ok"))
            >= 1,
        m::text);
    assertTrue(
        m.sum("request_total", Map.of("direction", "outbound", "target_addr", PEER_IP + ":8081"))
            >= 1,
        m::text);
  }

  @Test
  void outboundOpaqueTcpGoesToItsOriginalDestination() throws Exception {
    // 9300 is an opaque port: relayed as TCP without detection.
    assertEquals("ping over tcp", inPod("tcp", PEER_IP, "9300", "ping over tcp"));
    PromText m = metrics();
    assertTrue(
        m.sum("tcp_open_total", Map.of("direction", "outbound", "target_addr", PEER_IP + ":9300"))
            >= 1,
        m::text);
  }

  @Test
  void aConnectionToTheInboundPortItselfIsALoopAndIsClosed() throws Exception {
    // Closed at once: the client reads nothing back (or is reset, having sent bytes).
    Netns.Result r = Netns.run(Netns.in(PEER, Netns.peer("tcp", POD_IP, "4143", "hello")));
    assertTrue(r.exit() != 0 || r.output().isEmpty(), r.output());
    Await.until(
        Duration.ofSeconds(20),
        "the loop is counted",
        () -> {
          try {
            return metrics()
                    .sum(
                        "weft_original_dst_refused_total",
                        Map.of("direction", "inbound", "reason", "loop"))
                >= 1;
          } catch (Exception e) {
            return false;
          }
        });
  }
}
