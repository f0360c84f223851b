package dev.weft.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Valid configurations: where each setting comes from, and what it defaults to. */
class ConfigLoaderTest {
  private static final Map<String, String> NO_ENV = Map.of();

  private static ProxyConfig load(Map<String, String> env, String... args) {
    return ConfigLoader.load(List.of(args), env);
  }

  private static InetSocketAddress addr(String host, int port) {
    return new InetSocketAddress(host, port);
  }

  @Test
  void flagsMakeAFixedHop() {
    ProxyConfig c = load(NO_ENV, "--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:9090");
    assertEquals(
        List.of(new ListenerConfig("inbound", addr("127.0.0.1", 8080), addr("127.0.0.1", 9090))),
        c.listeners());
  }

  @Test
  void defaults() {
    ProxyConfig c = load(NO_ENV, "--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:9090");
    assertEquals(addr("127.0.0.1", 4191), c.admin());
    assertEquals(Duration.ofSeconds(10), c.detectTimeout());
    assertEquals(Set.of(25, 587, 3306, 4444, 5432, 6379, 9300, 11211), c.opaquePorts());
    assertEquals(Duration.ofSeconds(3), c.connectTimeout());
    assertEquals(Duration.ofSeconds(25), c.drainTimeout());
    assertEquals(Duration.ofSeconds(60), c.idleTimeout());
    assertEquals(Runtime.getRuntime().availableProcessors(), c.workers());
    assertEquals(100, c.maxAuthorities());
  }

  @Test
  void keyEqualsValueFormMixesWithSpacedForm() {
    ProxyConfig c =
        load(
            NO_ENV,
            "--listen=127.0.0.1:8080",
            "--forward",
            "127.0.0.1:9090",
            "--direction=outbound",
            "--admin=127.0.0.1:9991",
            "--detect-timeout=500ms",
            "--opaque-ports=none",
            "--connect-timeout=2m",
            "--drain-timeout=PT1.5S",
            "--idle-timeout=1h",
            "--workers=3",
            "--max-authorities=7");
    assertEquals("outbound", c.listeners().getFirst().name());
    assertEquals(addr("127.0.0.1", 9991), c.admin());
    assertEquals(Duration.ofMillis(500), c.detectTimeout());
    assertEquals(Set.of(), c.opaquePorts());
    assertEquals(Duration.ofMinutes(2), c.connectTimeout());
    assertEquals(Duration.ofMillis(1500), c.drainTimeout());
    assertEquals(Duration.ofHours(1), c.idleTimeout());
    assertEquals(3, c.workers());
    assertEquals(7, c.maxAuthorities());
  }

  @Test
  void valueMayContainAnEqualsSign() {
    // Only the first '=' separates key and value; the address is then what fails, not the flag.
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> load(NO_ENV, "--listen=a=b:1", "--forward=127.0.0.1:2"));
    assertTrue(e.getMessage().startsWith("--listen='a=b:1'"), e.getMessage());
  }

  @Test
  void environmentProvidesEverySetting() {
    ProxyConfig c =
        load(
            Map.of(
                "WEFT_PROXY_LISTEN", "127.0.0.1:8080",
                "WEFT_PROXY_FORWARD", "127.0.0.1:9090",
                "WEFT_PROXY_ADMIN", "127.0.0.1:9991",
                "WEFT_PROXY_DETECT_TIMEOUT", "250ms",
                "WEFT_PROXY_OPAQUE_PORTS", "8000-8002, 25",
                "WEFT_PROXY_WORKERS", "2",
                "WEFT_PROXY_MAX_AUTHORITIES", "5"));
    assertEquals(addr("127.0.0.1", 8080), c.listeners().getFirst().bind());
    assertEquals(addr("127.0.0.1", 9090), c.listeners().getFirst().forward().address());
    assertEquals(addr("127.0.0.1", 9991), c.admin());
    assertEquals(Duration.ofMillis(250), c.detectTimeout());
    assertEquals(Set.of(25, 8000, 8001, 8002), c.opaquePorts());
    assertEquals(2, c.workers());
    assertEquals(5, c.maxAuthorities());
  }

  @Test
  void flagsWinOverTheEnvironment() {
    ProxyConfig c =
        load(
            Map.of("WEFT_PROXY_DETECT_TIMEOUT", "5s", "WEFT_PROXY_FORWARD", "127.0.0.1:1111"),
            "--listen",
            "127.0.0.1:8080",
            "--forward",
            "127.0.0.1:9090",
            "--detect-timeout",
            "2s");
    assertEquals(Duration.ofSeconds(2), c.detectTimeout());
    assertEquals(addr("127.0.0.1", 9090), c.listeners().getFirst().forward().address());
  }

  @Test
  void blankEnvironmentValuesAreUnset() {
    ProxyConfig c =
        load(
            Map.of("WEFT_PROXY_DETECT_TIMEOUT", " ", "PROXY_ADMIN", ""),
            "--listen",
            "127.0.0.1:8080",
            "--forward",
            "127.0.0.1:9090");
    assertEquals(Duration.ofSeconds(10), c.detectTimeout());
    assertEquals(addr("127.0.0.1", 4191), c.admin());
  }

  @Test
  void harnessVariablesAreTheFallbackForListenForwardAndAdmin() {
    Map<String, String> env =
        Map.of(
            "PROXY_LISTEN",
            "127.0.0.1:7001",
            "PROXY_UPSTREAM",
            "127.0.0.1:7002",
            "PROXY_ADMIN",
            "127.0.0.1:7003");
    ProxyConfig c = load(env);
    assertEquals(
        List.of(new ListenerConfig("inbound", addr("127.0.0.1", 7001), addr("127.0.0.1", 7002))),
        c.listeners());
    assertEquals(addr("127.0.0.1", 7003), c.admin());
  }

  @Test
  void flagsAndOwnVariablesWinOverHarnessVariables() {
    Map<String, String> env =
        Map.of(
            "PROXY_LISTEN",
            "127.0.0.1:7001",
            "PROXY_UPSTREAM",
            "127.0.0.1:7002",
            "PROXY_ADMIN",
            "127.0.0.1:7003",
            "WEFT_PROXY_ADMIN",
            "127.0.0.1:8003");
    ProxyConfig c = load(env, "--listen", "127.0.0.1:9001", "--forward=127.0.0.1:9002");
    assertEquals(
        List.of(new ListenerConfig("inbound", addr("127.0.0.1", 9001), addr("127.0.0.1", 9002))),
        c.listeners());
    assertEquals(addr("127.0.0.1", 8003), c.admin());
    assertEquals(addr("127.0.0.1", 9003), load(env, "--admin", "127.0.0.1:9003").admin());
  }

  @Test
  void sidecarWithInboundForwardOnly() {
    ProxyConfig c = load(NO_ENV, "--inbound-forward", "127.0.0.1:8080");
    assertEquals(
        List.of(new ListenerConfig("inbound", addr("0.0.0.0", 4143), addr("127.0.0.1", 8080))),
        c.listeners());
  }

  @Test
  void sidecarWithBothDirections() {
    ProxyConfig c =
        load(
            Map.of("WEFT_PROXY_OUTBOUND_FORWARD", "127.0.0.1:9090"),
            "--inbound-forward",
            "127.0.0.1:8080",
            "--inbound-listen",
            "127.0.0.1:5143");
    assertEquals(
        List.of(
            new ListenerConfig("inbound", addr("127.0.0.1", 5143), addr("127.0.0.1", 8080)),
            new ListenerConfig("outbound", addr("127.0.0.1", 4140), addr("127.0.0.1", 9090))),
        c.listeners());
  }

  @Test
  void bracketedIpv6Address() {
    ProxyConfig c = load(NO_ENV, "--listen", "[::1]:8080", "--forward", "127.0.0.1:9090");
    assertEquals(addr("::1", 8080), c.listeners().getFirst().bind());
  }

  @Test
  void durationSpellings() {
    assertEquals(Duration.ofMillis(1), ConfigLoader.parseDuration("1ms"));
    assertEquals(Duration.ofSeconds(90), ConfigLoader.parseDuration("90s"));
    assertEquals(Duration.ofMinutes(2), ConfigLoader.parseDuration("2m"));
    assertEquals(Duration.ofHours(3), ConfigLoader.parseDuration("3h"));
    assertEquals(Duration.ofSeconds(10), ConfigLoader.parseDuration("pt10s"));
    assertNull(ConfigLoader.parseDuration("10"));
    assertNull(ConfigLoader.parseDuration("s"));
    assertNull(ConfigLoader.parseDuration("1.5s"));
  }

  @Test
  void usageListsEveryKey() {
    String usage = ConfigLoader.usage();
    for (String key : ConfigLoader.KEYS.keySet()) {
      assertTrue(usage.contains("--" + key + " "), key);
    }
  }
}
