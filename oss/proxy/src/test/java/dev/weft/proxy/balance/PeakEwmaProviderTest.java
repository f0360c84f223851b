package dev.weft.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.ConfigResult;
import dev.weft.spi.balancer.BalancerProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PeakEwmaProviderTest {
  private final PeakEwmaProvider provider = new PeakEwmaProvider();

  @Test
  void isTheAlwaysAvailableDefault() {
    assertEquals("p2c-peak-ewma", provider.name());
    assertEquals(0, provider.priority());
    assertTrue(provider.isAvailable());
  }

  @Test
  void isRegisteredAsAServiceProvider() {
    assertTrue(
        ServiceLoader.load(BalancerProvider.class).stream()
            .anyMatch(p -> p.type() == PeakEwmaProvider.class));
  }

  @Test
  void parsesDurationsAndDefaults() {
    assertEquals(PeakEwmaConfig.DEFAULT, provider.parseConfig(Map.of()).value());
    ConfigResult<PeakEwmaConfig> r =
        provider.parseConfig(Map.of("default-rtt", "250ms", "decay", "1m"));
    assertEquals(new PeakEwmaConfig(Duration.ofMillis(250), Duration.ofMinutes(1)), r.value());
  }

  @Test
  void reportsEveryBadKeyByName() {
    ConfigResult<PeakEwmaConfig> r =
        provider.parseConfig(Map.of("decay", "-1s", "default-rtt", "0ms", "zone-aware", "yes"));
    assertNull(r.value());
    assertEquals(
        List.of(
            "zone-aware: unknown key (expected: one of default-rtt, decay)",
            "default-rtt: '0ms' (expected: a duration > 0 such as 30ms)",
            "decay: '-1s' (expected: a duration > 0 such as 10s)"),
        r.errors());
    assertEquals(
        List.of("decay: '10 s' (expected: a duration > 0 such as 10s)"),
        provider.parseConfig(Map.of("decay", "10 s")).errors());
    assertEquals(
        List.of("decay: '99999999999999999999s' (expected: a duration > 0 such as 10s)"),
        provider.parseConfig(Map.of("decay", "99999999999999999999s")).errors());
  }

  @Test
  void refusesAConfigItDidNotParse() {
    TestBalancerContext context =
        new TestBalancerContext(new dev.weft.testkit.ManualClock(java.time.Instant.EPOCH), 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> provider.newBalancer(context, "x"));
    assertTrue(e.getMessage().startsWith("config: x (expected:"), e.getMessage());
  }
}
