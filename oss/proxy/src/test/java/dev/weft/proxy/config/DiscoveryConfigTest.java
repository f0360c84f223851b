package dev.weft.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of discovery and balancing, and several forward addresses. */
class DiscoveryConfigTest {
  private static ProxyConfig load(Map<String, String> env, String... args) {
    return ConfigLoader.load(List.of(args), env);
  }

  private static String error(String... args) {
    return assertThrows(ConfigException.class, () -> load(Map.of(), args)).getMessage();
  }

  @Test
  void severalForwardAddressesAreBalanced() {
    ProxyConfig c =
        load(Map.of(), "--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:1, 127.0.0.1:2");
    ListenerConfig l = c.listeners().getFirst();
    assertEquals(new InetSocketAddress("127.0.0.1", 1), l.forward().address());
    assertEquals(2, l.balanced().size());
    assertEquals(new InetSocketAddress("127.0.0.1", 2), l.balanced().get(1).address());
    ProxyConfig one = load(Map.of(), "--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:1");
    assertTrue(one.listeners().getFirst().balanced().isEmpty(), "one address is a plain hop");
  }

  @Test
  void discoveryMakesAnOutboundListenerWithoutAForwardAddress() {
    ProxyConfig c =
        load(
            Map.of("WEFT_PROXY_ZONE", "zone-b"),
            "--inbound-forward",
            "127.0.0.1:8080",
            "--destination-addr",
            "127.0.0.1:8090");
    ListenerConfig out = c.listeners().get(1);
    assertEquals("outbound", out.name());
    assertTrue(out.discovered());
    assertNull(out.forward());
    assertFalse(c.listeners().getFirst().discovered(), "inbound never resolves services");
    assertEquals(new InetSocketAddress("127.0.0.1", 8090), c.discovery().destination());
    assertEquals("zone-b", c.discovery().zone());
    assertEquals(DiscoveryConfig.DEFAULT_BALANCER, c.discovery().balancer());
    assertEquals(Duration.ofMinutes(10), c.discovery().serviceIdle());
  }

  @Test
  void badValuesAreNamed() {
    assertEquals(
        "--forward='127.0.0.1:1,127.0.0.1:1': invalid (expected: each address at most once"
            + " ('127.0.0.1:1'))",
        error("--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:1,127.0.0.1:1"));
    assertTrue(
        error("--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:1,nope")
            .startsWith("--forward='127.0.0.1:1,nope': invalid"));
    assertEquals(
        "--balancer='Round Robin': invalid (expected: a balancer name such as p2c-peak-ewma)",
        error(
            "--outbound-listen",
            "127.0.0.1:4140",
            "--destination-addr",
            "127.0.0.1:8090",
            "--balancer",
            "Round Robin"));
    assertTrue(
        error("--destination-addr", "127.0.0.1:8090", "--zone", "zone a")
            .startsWith("--zone='zone a': invalid"));
  }
}
