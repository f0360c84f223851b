package dev.weft.proxy.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.proxy.TestProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Protocols where the server speaks first (SMTP, MySQL): the client waits for a banner, so the
 * proxy must connect upstream without having seen a byte from the client.
 */
class TcpServerFirstTest {
  private static final String BANNER = "220 ready\r\n";

  /** Sends a banner on accept, then echoes line by line until the client's EOF. */
  private static void bannerThenEcho(Socket s) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(BANNER.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    for (String line; (line = in.readLine()) != null; ) {
      out.write(("echo " + line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
  }

  private static void assertConversation(TestProxy proxy) throws IOException {
    try (Socket client = TcpRelayTest.connect(proxy)) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
      // The client sends nothing until it has the banner; a read timeout fails the test.
      assertEquals("220 ready", in.readLine());

      OutputStream out = client.getOutputStream();
      out.write("HELO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertEquals("echo HELO client.example", in.readLine());
      // A later line that looks like HTTP is just bytes on an opaque connection.
      out.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertEquals("echo GET / HTTP/1.1", in.readLine());
      client.shutdownOutput();
      assertEquals(null, in.readLine());
    }
  }

  @Test
  void bannerArrivesAfterTheDetectTimeout() throws Exception {
    try (BlockingServer upstream = BlockingServer.start(TcpServerFirstTest::bannerThenEcho);
        TestProxy proxy =
            TestProxy.start(
                TestProxy.config(upstream.address(), Duration.ofMillis(200), Set.of()))) {
      assertConversation(proxy);
      assertEquals(List.of(), upstream.errors());
    }
  }

  @Test
  void opaquePortSkipsDetectionSoTheBannerDoesNotWaitForTheTimeout() throws Exception {
    try (BlockingServer upstream = BlockingServer.start(TcpServerFirstTest::bannerThenEcho);
        TestProxy proxy =
            TestProxy.start(
                TestProxy.config(
                    upstream.address(),
                    Duration.ofSeconds(30),
                    Set.of(upstream.address().getPort())))) {
      // The detect timeout (30 s) is longer than the client's read timeout (10 s): only skipping
      // detection gets the banner in time.
      assertConversation(proxy);
      assertEquals(List.of(), upstream.errors());
    }
  }

  @Test
  void opaquePortRelaysHttpBytesVerbatim() throws Exception {
    String request = "GET /x HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n";
    try (BlockingServer upstream = BlockingServer.start(TcpRelayTest::echo);
        TestProxy proxy =
            TestProxy.start(
                TestProxy.config(
                    upstream.address(),
                    Duration.ofSeconds(30),
                    Set.of(upstream.address().getPort())));
        Socket client = TcpRelayTest.connect(proxy)) {
      client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      client.shutdownOutput();
      // Through the HTTP/1 stack an echoed request would be an unparseable response (502).
      assertEquals(
          request, new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    }
  }
}
