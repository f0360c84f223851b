package dev.weft.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** Which listeners are transparent, and the log level, as the loader reads them. */
class TransparentConfigTest {
  private static ProxyConfig load(Map<String, String> env, String... args) {
    return ConfigLoader.load(List.of(args), env);
  }

  private static ListenerConfig listener(ProxyConfig c, String name) {
    return c.listeners().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void noForwardTargetMakesBothListenersTransparent() {
    // What the injector writes: listeners, admin, and no forward targets.
    ProxyConfig c =
        load(
            Map.of(
                "WEFT_PROXY_INBOUND_LISTEN", "0.0.0.0:4143",
                "WEFT_PROXY_OUTBOUND_LISTEN", "127.0.0.1:4140",
                "WEFT_PROXY_ADMIN", "0.0.0.0:4191"));
    assertTrue(c.transparent());
    ListenerConfig in = listener(c, "inbound");
    ListenerConfig out = listener(c, "outbound");
    assertTrue(in.transparent() && out.transparent());
    assertNull(in.forward());
    assertNull(out.forward());
    assertEquals(new InetSocketAddress("0.0.0.0", 4143), in.bind());
    assertEquals(new InetSocketAddress("127.0.0.1", 4140), out.bind());
    assertFalse(out.discovered());
  }

  @Test
  void discoveryKeepsTheOutboundListenerTransparent() {
    ProxyConfig c = load(Map.of(), "--destination-addr", "127.0.0.1:8090");
    assertTrue(listener(c, "outbound").transparent());
    assertTrue(listener(c, "outbound").discovered());
  }

  @Test
  void anInboundForwardLeavesTheInboundListenerFixed() {
    ProxyConfig c =
        load(Map.of(), "--inbound-forward", "127.0.0.1:8080", "--destination-addr", "127.0.0.1:1");
    assertFalse(listener(c, "inbound").transparent());
    assertEquals(
        new InetSocketAddress("127.0.0.1", 8080), listener(c, "inbound").forward().address());
    // As before transparent mode: a local mesh (weft up) on any operating system.
    assertFalse(listener(c, "outbound").transparent());
    assertTrue(listener(c, "outbound").discovered());
  }

  @Test
  void forwardTargetsMeanNoTransparency() {
    ProxyConfig c =
        load(Map.of(), "--inbound-forward", "127.0.0.1:8080", "--outbound-forward", "127.0.0.1:9");
    assertFalse(c.transparent());
    assertFalse(load(Map.of(), "--inbound-forward", "127.0.0.1:8080").transparent());
    assertEquals(1, load(Map.of(), "--inbound-forward", "127.0.0.1:8080").listeners().size());
    assertFalse(
        load(Map.of(), "--listen", "127.0.0.1:1", "--forward", "127.0.0.1:2").transparent());
  }

  @Test
  void logLevels() {
    String[] hop = {"--listen", "127.0.0.1:1", "--forward", "127.0.0.1:2"};
    assertEquals(Level.INFO, load(Map.of(), hop).logLevel());
    Map<String, Level> expected =
        Map.of(
            "error", Level.SEVERE,
            "warn", Level.WARNING,
            "info", Level.INFO,
            "debug", Level.FINE,
            "TRACE", Level.FINEST);
    expected.forEach((v, level) ->
        assertEquals(level, load(Map.of("WEFT_PROXY_LOG_LEVEL", v), hop).logLevel(), v));
    assertEquals(
        Level.FINE,
        load(
                Map.of("WEFT_PROXY_LOG_LEVEL", "error"),
                "--log-level",
                "debug",
                hop[0],
                hop[1],
                hop[2],
                hop[3])
            .logLevel());
  }
}
