package dev.weft.proxy.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.Proxy;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.ConfigException;
import dev.weft.proxy.config.ListenerConfig;
import dev.weft.proxy.config.ProxyConfig;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A transparent listener reached without iptables: getsockopt(SO_ORIGINAL_DST) really runs and
 * answers ENOENT, and the connection is closed and counted.
 */
class NoOriginalDstTest {
  private static ProxyConfig transparent() {
    ProxyConfig c = TestProxy.config(new InetSocketAddress("127.0.0.1", 9));
    return c.withListeners(
        List.of(
            new ListenerConfig(
                "inbound",
                new InetSocketAddress("127.0.0.1", 0),
                null,
                Map.of(),
                List.of(),
                false,
                true)));
  }

  @Test
  void aConnectionThatWasNotRedirectedIsClosedAndCounted() throws Exception {
    try (Proxy proxy = Proxy.start(transparent())) {
      InetSocketAddress listener = proxy.listenerAddresses().getFirst();
      for (int i = 0; i < 2; i++) {
        try (Socket s = new Socket(listener.getAddress(), listener.getPort())) {
          s.setSoTimeout(10_000);
          InputStream in = s.getInputStream();
          assertEquals(-1, in.read(), "the proxy closes the connection without answering");
        }
      }
      String scrape = proxy.metrics().scrape();
      assertTrue(
          scrape.contains(
              "weft_original_dst_lookups_total{direction=\"inbound\",result=\"none\"} 2.0"),
          scrape);
      assertTrue(
          scrape.contains(
              "weft_original_dst_lookups_total{direction=\"inbound\",result=\"ok\"} 0.0"),
          scrape);
      assertTrue(
          scrape.contains(
              "weft_original_dst_refused_total{direction=\"inbound\",reason=\"none\"} 2.0"),
          scrape);
    }
  }

  @Test
  void aFixedHopNeverLooksUp() throws Exception {
    try (Proxy proxy = Proxy.start(TestProxy.config(new InetSocketAddress("127.0.0.1", 9)))) {
      InetSocketAddress listener = proxy.listenerAddresses().getFirst();
      try (Socket s = new Socket(listener.getAddress(), listener.getPort())) {
        s.setSoTimeout(10_000);
        s.shutdownOutput();
        assertEquals(-1, s.getInputStream().read());
      }
      String scrape = proxy.metrics().scrape();
      assertTrue(scrape.contains("tcp_open_total"), scrape);
      assertTrue(!scrape.contains("weft_original_dst"), scrape);
    }
  }

  @Test
  void transparentModeNeedsEpoll() {
    System.setProperty("weft.transport", "nio");
    try {
      ConfigException e = assertThrows(ConfigException.class, () -> Proxy.start(transparent()));
      assertTrue(e.getMessage().contains("epoll"), e.getMessage());
      assertTrue(e.getMessage().contains("--inbound-forward"), e.getMessage());
    } finally {
      System.clearProperty("weft.transport");
    }
  }
}
