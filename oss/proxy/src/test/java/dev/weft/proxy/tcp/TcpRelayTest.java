package dev.weft.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Opaque TCP through a proxy over real sockets: bytes, half-close, failed connects. */
class TcpRelayTest {
  private static final int READ_TIMEOUT_MS = 10_000;

  /** Echoes until the client's EOF, then ends its own output. */
  static void echo(Socket s) throws IOException {
    s.getInputStream().transferTo(s.getOutputStream());
    s.shutdownOutput();
  }

  static Socket connect(TestProxy proxy) throws IOException {
    Socket c = new Socket();
    c.connect(proxy.address(), READ_TIMEOUT_MS);
    c.setSoTimeout(READ_TIMEOUT_MS);
    return c;
  }

  static void await(Duration bound, BooleanSupplier condition, String what) {
    Await.until(bound, what, condition);
  }

  private static double metric(TestProxy proxy, String name, String peer) {
    try {
      PromText m = proxy.scrape();
      return m.sum(name, Map.of("peer", peer, "direction", "inbound", "tls", "no_identity"));
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void binaryEchoOfSeveralMegabytesIsExact() throws Exception {
    int size = 8 * 1024 * 1024;
    byte[] data = new byte[size];
    new Random(42).nextBytes(data);
    data[0] = 0; // not a request line: detection decides on the first byte
    CRC32 sent = new CRC32();
    sent.update(data);

    try (BlockingServer upstream = BlockingServer.start(TcpRelayTest::echo);
        TestProxy proxy = TestProxy.start(upstream.address());
        Socket client = connect(proxy)) {
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(() -> {
            try {
              OutputStream out = client.getOutputStream();
              for (int off = 0; off < size; off += 65_536) {
                out.write(data, off, Math.min(65_536, size - off));
              }
              client.shutdownOutput();
            } catch (IOException e) {
              throw new RuntimeException(e);
            }
          });
      CRC32 received = new CRC32();
      long count = 0;
      InputStream in = client.getInputStream();
      byte[] buf = new byte[65_536];
      for (int n; (n = in.read(buf)) != -1; ) {
        received.update(buf, 0, n);
        count += n;
      }
      writer.get(30, TimeUnit.SECONDS);

      assertEquals(size, count);
      assertEquals(sent.getValue(), received.getValue());
      assertEquals(List.of(), upstream.errors());
      await(
          Duration.ofSeconds(10),
          () -> metric(proxy, "tcp_read_bytes_total", "src") == size,
          "src bytes read counted");
      assertEquals(size, metric(proxy, "tcp_write_bytes_total", "dst"));
      assertEquals(1, metric(proxy, "tcp_open_total", "src"));
      assertEquals(1, metric(proxy, "tcp_open_total", "dst"));
    }
  }

  /** The upstream reads the whole request to EOF, then answers with a reply derived from it. */
  private static void requestThenReply(Socket s) throws IOException {
    byte[] request = s.getInputStream().readAllBytes();
    OutputStream out = s.getOutputStream();
    out.write(reply(request));
    out.flush();
  }

  private static byte[] reply(byte[] request) {
    String head =
        "got "
            + request.length
            + " bytes: "
            + new String(request, StandardCharsets.ISO_8859_1)
            + "\n";
    // Large enough that the reply is still flowing after the upstream has closed its side.
    return (head + "z".repeat(512 * 1024)).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void assertHalfCloseExchange(byte[] request) throws Exception {
    try (BlockingServer upstream = BlockingServer.start(TcpRelayTest::requestThenReply);
        TestProxy proxy = TestProxy.start(upstream.address());
        Socket client = connect(proxy)) {
      client.getOutputStream().write(request);
      client.shutdownOutput();

      byte[] got = client.getInputStream().readAllBytes();

      assertArrayEquals(reply(request), got);
      assertEquals(List.of(), upstream.errors());
    }
  }

  @Test
  void halfCloseLetsTheUpstreamReadToEofThenReply() throws Exception {
    assertHalfCloseExchange("hello upstream\n".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void halfCloseBeforeDetectionDecidesKeepsTheBytes() throws Exception {
    // "GE" could still become a request line: only the end of the client's input decides.
    assertHalfCloseExchange("GE".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void halfCloseWithNothingSentStillGetsTheReply() throws Exception {
    assertHalfCloseExchange(new byte[0]);
  }

  @Test
  void upstreamHalfCloseReachesTheClientWhileItKeepsSending() throws Exception {
    // The upstream says its piece and ends its output, but keeps reading what the client sends.
    CompletableFuture<String> upstreamRead = new CompletableFuture<>();
    try (BlockingServer upstream =
            BlockingServer.start(s -> {
              s.getOutputStream().write("bye\n".getBytes(StandardCharsets.US_ASCII));
              s.shutdownOutput();
              upstreamRead.complete(
                  new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            });
        TestProxy proxy = TestProxy.start(upstream.address());
        Socket client = connect(proxy)) {
      // The client speaks first so that detection decides at once.
      client.getOutputStream().write("\0hi".getBytes(StandardCharsets.US_ASCII));
      byte[] bye = client.getInputStream().readAllBytes();
      assertEquals("bye\n", new String(bye, StandardCharsets.US_ASCII));

      client
          .getOutputStream()
          .write(" and more after your EOF".getBytes(StandardCharsets.US_ASCII));
      client.shutdownOutput();
      assertEquals("\0hi and more after your EOF", upstreamRead.get(10, TimeUnit.SECONDS));
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Reads until the connection ends; a reset counts as an end. */
  private static boolean endsWithoutData(Socket client) throws IOException {
    try {
      return client.getInputStream().read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  @Test
  void unreachableForwardAddressClosesTheClientConnection() throws Exception {
    InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", closedPort());
    try (TestProxy proxy = TestProxy.start(nowhere);
        Socket client = connect(proxy)) {
      client.getOutputStream().write(new byte[] {0, 1, 2, 3});
      assertTrue(endsWithoutData(client), "the proxy closes a connection it cannot forward");
    }
  }

  @Test
  void unreachableOpaquePortClosesASilentClient() throws Exception {
    int port = closedPort();
    InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", port);
    try (TestProxy proxy =
            TestProxy.start(TestProxy.config(nowhere, Duration.ofSeconds(30), Set.of(port)));
        Socket client = connect(proxy)) {
      assertTrue(
          endsWithoutData(client), "closed without waiting for the client or the detect timeout");
    }
  }
}
