package dev.weft.licensing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.licensing.Entitlements;
import dev.weft.licensing.LicenseKeys;
import dev.weft.licensing.TestKeys;
import dev.weft.proxy.balance.BalancerRegistry;
import dev.weft.spi.Availability;
import dev.weft.spi.ConfigResult;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.BalancerProvider;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The open-core boundary as the proxy meets it: an enterprise balancer provider whose availability
 * is its license entitlement, in the proxy's own registry. Without a license (or with a forged or
 * expired one) the open-source balancer serves and the reason is the license's; with a valid key
 * the enterprise provider wins.
 */
class EntitledBalancerTest {
  static final KeyPair PAIR = TestKeys.pair();
  static final Clock NOW = TestKeys.at("2027-01-01T00:00:00Z");

  /** Stands for an enterprise balancer: entitled by feature {@code hazl}. */
  record EntitledProvider(Entitlements entitlements) implements BalancerProvider {
    @Override
    public String name() {
      return "hazl";
    }

    @Override
    public int priority() {
      return 100;
    }

    @Override
    public Availability availability() {
      return entitlements.check("hazl").availability();
    }

    @Override
    public ConfigResult<?> parseConfig(Map<String, String> config) {
      throw new UnsupportedOperationException("not built in this test");
    }

    @Override
    public Balancer newBalancer(BalancerContext context, Object config) {
      throw new UnsupportedOperationException("not built in this test");
    }
  }

  @Test
  void withoutALicenseTheOpenSourceBalancerServesAndSaysWhy() {
    BalancerRegistry.Selection s = select(Entitlements.fromEnvironment(Map.of(), NOW));
    assertTrue(s.fellBack());
    assertEquals(BalancerRegistry.DEFAULT, s.provider().name());
    assertTrue(s.reason().contains("WEFT_LICENSE"), s.reason());
    assertTrue(s.message().startsWith("balancer 'hazl' is not available ("), s.message());
  }

  @Test
  void withAValidKeyTheEnterpriseProviderWins() {
    EntitledProvider provider = new EntitledProvider(entitlements(key()));
    BalancerRegistry.Selection s = new BalancerRegistry(List.of(provider)).select("hazl");
    assertFalse(s.fellBack(), s.message());
    assertSame(provider, s.provider());
  }

  @Test
  void aForgedOrExpiredKeyFallsBackWithItsReason() {
    String key = key();
    String forged = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    BalancerRegistry.Selection tampered = select(entitlements(forged));
    assertEquals(BalancerRegistry.DEFAULT, tampered.provider().name());
    assertTrue(tampered.reason().contains("signature"), tampered.reason());

    Entitlements late =
        Entitlements.fromEnvironment(
            Map.of("WEFT_LICENSE", key, "WEFT_LICENSE_EXTRA_PUBLIC_KEY", TestKeys.extraKey(PAIR)),
            TestKeys.at("2028-06-01T00:00:00Z"));
    BalancerRegistry.Selection expired = select(late);
    assertEquals(BalancerRegistry.DEFAULT, expired.provider().name());
    assertTrue(expired.reason().contains("expired"), expired.reason());
  }

  private static BalancerRegistry.Selection select(Entitlements entitlements) {
    return new BalancerRegistry(List.of(new EntitledProvider(entitlements))).select("hazl");
  }

  private static Entitlements entitlements(String key) {
    return Entitlements.fromEnvironment(
        Map.of("WEFT_LICENSE", key, "WEFT_LICENSE_EXTRA_PUBLIC_KEY", TestKeys.extraKey(PAIR)), NOW);
  }

  private static String key() {
    return LicenseKeys.encode(TestKeys.license(TestKeys.KEY_ID), PAIR.getPrivate());
  }
}
