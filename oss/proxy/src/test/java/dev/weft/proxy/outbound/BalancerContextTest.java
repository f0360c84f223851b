package dev.weft.proxy.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.discovery.ServicePolicy;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Outcome;
import dev.weft.spi.balancer.Picker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a service's balancer context offers an extension balancer: the default balancer over a
 * subset, and gauges and counters that live as long as the balancer.
 */
class BalancerContextTest {
  private static final Map<String, String> KEPT = Map.of("state", "kept");
  private static final Map<String, String> LABELS =
      Map.of("dst_service", "books:80", "balancer", LocalZoneProvider.NAME);

  // Port 7001 is in the proxy's zone; no connection is ever opened to these.
  private final ZonedTargets zoned =
      new ZonedTargets(
          "zone-a", Map.of("books:80", Map.of(7001, "zone-a", 7002, "zone-b", 7003, "")));

  @AfterEach
  void close() {
    zoned.close();
  }

  private static Map<String, String> with(Map<String, String> labels) {
    Map<String, String> all = new HashMap<>(LABELS);
    all.putAll(labels);
    return all;
  }

  private static ServicePolicy balancedBy(String balancer) {
    ServicePolicy d = ServicePolicy.DEFAULT;
    return new ServicePolicy(
        d.routes(), d.backends(), d.budget(), balancer, Map.of(), d.accrual(), "test");
  }

  @Test
  void theBalancersMetersAreExportedWithTheServiceAndBalancerLabels() {
    Service s = zoned.service("books:80");
    assertEquals(List.of(7001, 7001, 7001, 7001, 7001), ZonedTargets.picks(s, 5));
    PromText m = zoned.scrape();
    assertEquals(1.0, m.sum("weft_test_endpoints_kept", with(KEPT)), m.text());
    assertEquals(5.0, m.sum("weft_test_picks_total", LABELS), m.text());
  }

  @Test
  void registeringTheSameSeriesAgainReplacesTheValueRead() {
    ServiceBalancerContext ctx = zoned.service("books:80").balancerContext();
    ctx.gauge("weft_test_endpoints_kept", "again", KEPT, () -> 42);
    assertEquals(42.0, zoned.scrape().sum("weft_test_endpoints_kept", with(KEPT)));
    assertEquals(2, ctx.meters(), "still one gauge and one counter");
  }

  @Test
  void theMetersGoWhenTheBalancerIsReplacedAndComeWithTheNextOne() {
    Service s = zoned.service("books:80");
    ServiceBalancerContext first = s.balancerContext();
    ZonedTargets.picks(s, 3);

    s.policy(balancedBy("p2c-peak-ewma"));
    PromText m = zoned.scrape();
    assertFalse(m.has("weft_test_endpoints_kept"), m.text());
    assertFalse(m.has("weft_test_picks_total"), m.text());
    assertEquals(0, first.meters());
    // What the replaced balancer registers or publishes later is ignored.
    first.gauge("weft_test_late", "late", Map.of(), () -> 1);
    first.publish(() -> null);
    assertFalse(zoned.scrape().has("weft_test_late"));
    assertNotNull(s.pick(), "the picker of the new balancer is still the service's");

    s.policy(balancedBy(LocalZoneProvider.NAME));
    m = zoned.scrape();
    assertEquals(1.0, m.sum("weft_test_endpoints_kept", with(KEPT)), m.text());
    assertEquals(0.0, m.sum("weft_test_picks_total", LABELS), "a new balancer, a new count");
  }

  @Test
  void theMetersGoWhenTheServiceCloses() {
    Service s = zoned.service("books:80");
    ServiceBalancerContext ctx = s.balancerContext();
    s.close();
    PromText m = zoned.scrape();
    assertFalse(m.has("weft_test_endpoints_kept"), m.text());
    assertFalse(m.has("weft_test_picks_total"), m.text());
    assertEquals(0, ctx.meters());
  }

  @Test
  void badNamesAndLabelKeysAreRefusedNamingThem() {
    ServiceBalancerContext ctx = zoned.service("books:80").balancerContext();
    for (String name : List.of("hazl_load", "weft-load", "weft_Load", "weft_", "weft_load total")) {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> ctx.gauge(name, "", Map.of(), () -> 1));
      assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> ctx.counter(name, "", Map.of(), () -> 1));
      assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }
    for (String key : List.of("Zone", "1zone", "zone-name", "dst_service", "balancer")) {
      var e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ctx.gauge("weft_test_ok", "", Map.of(key, "v"), () -> 1));
      assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
    assertEquals(2, ctx.meters(), "nothing refused was registered");
    assertFalse(zoned.scrape().has("weft_test_ok"));
  }

  @Test
  void aNameUsedWithOtherLabelKeysOrAnotherTypeIsSkippedAndTheProxyGoesOn() {
    ServiceBalancerContext ctx = zoned.service("books:80").balancerContext();
    ctx.gauge("weft_test_endpoints_kept", "", Map.of("other", "x"), () -> 7);
    ctx.counter("weft_test_endpoints_kept", "", KEPT, () -> 7);
    // A name the proxy itself uses with its own labels.
    ctx.gauge("weft_balancer_endpoints", "", Map.of(), () -> 7);
    PromText m = zoned.scrape();
    assertEquals(1, m.samples("weft_test_endpoints_kept").size(), m.text());
    assertEquals(1.0, m.sum("weft_test_endpoints_kept", with(KEPT)), m.text());
    assertEquals(3.0, m.sum("weft_balancer_endpoints", Map.of("dst_service", "books:80")));
    assertEquals(2, ctx.meters());
  }

  @Test
  void theSameServiceInAnotherListenerKeepsTheSeriesOfTheFirst() {
    Service first = zoned.service("books:80");
    ZonedTargets.picks(first, 4);
    try (ZonedTargets other =
        new ZonedTargets(
            zoned.metrics, "zone-a", Map.of("books:80", Map.of(7001, "zone-a", 7004, "zone-a")))) {
      Service second = other.service("books:80");
      assertEquals(0, second.balancerContext().meters(), "the series are the first one's");
      PromText m = zoned.scrape();
      assertEquals(1.0, m.sum("weft_test_endpoints_kept", with(KEPT)), m.text());
      second.close();
      m = zoned.scrape();
      assertEquals(1.0, m.sum("weft_test_endpoints_kept", with(KEPT)), "still there");
      assertEquals(4.0, m.sum("weft_test_picks_total", LABELS), m.text());
    }
  }

  @Test
  void theDefaultBalancerPicksAmongTheSubsetItIsGivenAndPublishesToItsConsumer() {
    Service s = zoned.service("books:80");
    // The test balancer hands it only the local endpoint: every pick of the service is that one.
    assertEquals(Set.of(7001), new HashSet<>(ZonedTargets.picks(s, 50)));

    ServiceBalancerContext ctx = s.balancerContext();
    List<Picker> published = new ArrayList<>();
    Balancer b = ctx.newDefaultBalancer(published::add);
    List<Endpoint> views = s.currentEndpoints();
    List<EndpointView> remote =
        views.stream().filter(e -> !e.zone().equals("zone-a")).map(e -> (EndpointView) e).toList();
    b.update(remote);
    assertEquals(1, published.size());
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      var pick = published.getFirst().pick();
      seen.add(pick.endpoint().address().getPort());
      pick.done(new Outcome(Outcome.Kind.SUCCESS, 1, 0));
    }
    assertEquals(Set.of(7002, 7003), seen, "both endpoints it was given, only those");
    assertEquals(
        Set.of(7001),
        new HashSet<>(ZonedTargets.picks(s, 20)),
        "the service's picker is untouched");
    b.update(List.of());
    assertEquals(2, published.size());
    assertEquals(null, published.getLast().pick(), "no endpoint: no pick");
    b.close();
  }
}
