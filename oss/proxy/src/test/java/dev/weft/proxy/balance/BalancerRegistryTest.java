package dev.weft.proxy.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.Availability;
import dev.weft.testkit.ManualClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BalancerRegistryTest {
  private static final Availability EXPIRED =
      Availability.unavailable("license expired on 2026-01-31");

  private final Logger logger = Logger.getLogger(BalancerRegistry.class.getName());
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private final FakeBalancerProvider ewma =
      new FakeBalancerProvider("p2c-peak-ewma", 0, Availability.AVAILABLE);
  private final FakeBalancerProvider hazlLow =
      new FakeBalancerProvider("hazl", 1, Availability.AVAILABLE);
  private final FakeBalancerProvider hazlHigh = new FakeBalancerProvider("hazl", 5, EXPIRED);

  @BeforeEach
  void capture() {
    logger.addHandler(handler);
  }

  @AfterEach
  void release() {
    logger.removeHandler(handler);
  }

  @Test
  void theAvailableProviderWithTheHighestPriorityWins() {
    BalancerRegistry registry = new BalancerRegistry(List.of(ewma, hazlLow, hazlHigh));
    BalancerRegistry.Selection s = registry.select("hazl");
    assertSame(hazlLow, s.provider(), "the priority-5 one is unavailable");
    assertFalse(s.fellBack());
    hazlHigh.availability = Availability.AVAILABLE; // a renewed license
    assertSame(hazlHigh, registry.select("HAZL ").provider());
    assertEquals(List.of(), logged);
  }

  @Test
  void unavailableFallsBackToTheDefaultAndLogsOncePerReason() {
    BalancerRegistry registry = new BalancerRegistry(List.of(ewma, hazlHigh));
    BalancerRegistry.Selection s = registry.select("hazl");
    assertSame(ewma, s.provider());
    assertTrue(s.fellBack());
    assertEquals("license expired on 2026-01-31", s.reason());
    registry.select("hazl");
    registry.select("hazl");
    assertEquals(
        List.of(
            "balancer 'hazl' is not available (license expired on 2026-01-31): using p2c-peak-ewma"),
        logged);
    hazlHigh.availability = Availability.unavailable("feature hazl is not in tier free");
    assertEquals("feature hazl is not in tier free", registry.select("hazl").reason());
    assertEquals(2, logged.size(), "a new reason is logged once more: " + logged);
  }

  @Test
  void unknownNameFallsBack() {
    BalancerRegistry registry = new BalancerRegistry(List.of(ewma));
    BalancerRegistry.Selection s = registry.select("round-robin");
    assertSame(ewma, s.provider());
    assertEquals("no such balancer", s.reason());
    assertEquals(
        List.of("balancer 'round-robin' is not available (no such balancer): using p2c-peak-ewma"),
        logged);
    assertSame(ewma, registry.select(null).provider());
    assertSame(ewma, registry.select(" ").provider());
    assertEquals(1, logged.size());
  }

  @Test
  void theBuiltInDefaultIsAlwaysThere() {
    BalancerRegistry registry = new BalancerRegistry(List.of(hazlHigh));
    assertInstanceOf(PeakEwmaProvider.class, registry.select("hazl").provider());
    assertInstanceOf(PeakEwmaProvider.class, registry.select("").provider());
  }

  @Test
  void loadsProvidersFromTheClassPath() {
    BalancerRegistry registry = BalancerRegistry.load(getClass().getClassLoader());
    List<String> found =
        registry.providers().stream().map(p -> p.getClass().getSimpleName()).sorted().toList();
    assertEquals(
        List.of("LicensedHazlProvider", "LocalZoneProvider", "PeakEwmaProvider"),
        found,
        "only the main and the test service files'");
    assertInstanceOf(PeakEwmaProvider.class, registry.select("p2c-peak-ewma").provider());
  }

  @Test
  void anUnlicensedBalancerOnTheClassPathIsSkippedUntilItsLicenseArrives() {
    BalancerRegistry registry = BalancerRegistry.load(getClass().getClassLoader());
    LicensedHazlProvider.LICENSED.set(false);
    try {
      int asked = LicensedHazlProvider.ASKED.get();
      for (int i = 0; i < 3; i++) {
        BalancerRegistry.Selection s = registry.select("hazl");
        assertInstanceOf(PeakEwmaProvider.class, s.provider());
        assertEquals(LicensedHazlProvider.REASON, s.reason());
      }
      assertTrue(
          LicensedHazlProvider.ASKED.get() >= asked + 3, "availability is asked per selection");
      assertEquals(
          List.of(
              "balancer 'hazl' is not available (license missing: no WEFT_LICENSE): using"
                  + " p2c-peak-ewma"),
          logged);

      // The open-source balancer serves in its place.
      BalancerRegistry.Selection s = registry.select("hazl");
      Object config = s.provider().parseConfig(Map.of()).value();
      TestBalancerContext context =
          new TestBalancerContext(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")), 1);
      TestEndpoint books = new TestEndpoint(7001);
      s.provider().newBalancer(context, config).update(List.of(books));
      assertSame(books, context.picker().pick().endpoint());

      LicensedHazlProvider.LICENSED.set(true); // a license installed while the proxy runs
      BalancerRegistry.Selection licensed = registry.select("hazl");
      assertInstanceOf(LicensedHazlProvider.class, licensed.provider());
      assertFalse(licensed.fellBack());
      assertEquals(1, logged.size(), logged.toString());
    } finally {
      LicensedHazlProvider.LICENSED.set(false);
    }
  }
}
