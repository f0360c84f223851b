package dev.weft.hazl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.licensing.Entitlements;
import dev.weft.spi.Availability;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerProvider;
import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Pick;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HazlProviderTest {
  final ManualTicks ticks = new ManualTicks();
  final AtomicReference<Availability> availability = new AtomicReference<>(Availability.AVAILABLE);
  final HazlProvider provider = new HazlProvider(availability::get, ticks);

  @Test
  void isFoundByTheServiceLoaderAsHazlWithPriorityZero() {
    BalancerProvider found =
        ServiceLoader.load(BalancerProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("hazl"))
            .findFirst()
            .orElseThrow();
    assertInstanceOf(HazlProvider.class, found);
    assertEquals(0, found.priority());
  }

  @Test
  void isUnavailableWithoutALicenseWithTheLicensesReason() {
    HazlProvider unlicensed =
        new HazlProvider(
            () ->
                Entitlements.fromEnvironment(Map.of(), Clock.systemUTC())
                    .check("hazl")
                    .availability(),
            ticks);
    Availability a = unlicensed.availability();
    assertFalse(a.available());
    assertFalse(unlicensed.isAvailable());
    assertTrue(a.reason().contains("WEFT_LICENSE"), a.reason());
  }

  @Test
  void availabilityIsAskedEachTime() {
    assertTrue(provider.isAvailable());
    availability.set(Availability.unavailable("license expired on 2026-10-01"));
    assertEquals("license expired on 2026-10-01", provider.availability().reason());
  }

  @Test
  void parsesItsConfigurationAndRefusesAnyOther() {
    assertEquals(HazlConfig.DEFAULT, provider.parseConfig(Map.of()).value());
    assertEquals(
        List.of("band.low: 'x' (expected: a number > 0 and < band.high)"),
        provider.parseConfig(Map.of("band.low", "x")).errors());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> provider.newBalancer(new TestContext("zone-a", 1), Map.of()));
    assertTrue(e.getMessage().startsWith("config: {} (expected: a HazlConfig"), e.getMessage());
  }

  @Test
  void itsBalancersTickEvery100msUntilClosed() {
    TestContext context = new TestContext("zone-a", 1);
    Balancer b = provider.newBalancer(context, provider.parseConfig(Map.of()).value());
    assertEquals(List.of(Duration.ofMillis(100)), ticks.periods);
    FakeEndpoint local = new FakeEndpoint("zone-a", 8000);
    FakeEndpoint remote = new FakeEndpoint("zone-b", 8001);
    b.update(List.<EndpointView>of(local, remote));
    local.load.set(10);
    // The scheduled ticks, on the context's clock, move the zones.
    for (int i = 0; i < 20; i++) {
      context.advance(Duration.ofMillis(100));
      ticks.runPeriodic();
    }
    assertEquals(List.of("zone-a", "zone-b"), ((HazlBalancer) b).activeZones());

    b.close();
    assertEquals(1, ticks.cancelled);
    assertTrue(ticks.periodic.isEmpty());
    context.publish(null);
    b.update(List.of(local));
    assertNull(context.picker(), "nothing published once closed");
  }

  @Test
  void failuresAskForOneTickAtOnce() {
    TestContext context = new TestContext("zone-a", 1);
    Balancer b = provider.newBalancer(context, provider.parseConfig(Map.of()).value());
    FakeEndpoint local = new FakeEndpoint("zone-a", 8000);
    FakeEndpoint remote = new FakeEndpoint("zone-b", 8001);
    b.update(List.<EndpointView>of(local, remote));
    Outcome refused = new Outcome(Outcome.Kind.UNREACHABLE, 1, 0);
    Pick first = context.picker().pick();
    Pick second = context.picker().pick();
    assertSame(local, first.endpoint());
    assertSame(local, second.endpoint());
    first.done(refused);
    assertEquals(1, ticks.pending.size());
    second.done(refused);
    assertEquals(1, ticks.pending.size(), "one tick pending is enough");
    ticks.runPending();
    assertEquals(List.of("zone-b"), ((HazlBalancer) b).activeZones());
    assertSame(remote, context.picker().pick().endpoint());
  }
}
