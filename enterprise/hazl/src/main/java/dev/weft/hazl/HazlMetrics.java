package dev.weft.hazl;

import dev.weft.spi.balancer.BalancerContext;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a HAZL balancer exports, through its context (which adds the {@code dst_service} and {@code
 * balancer} labels). Values are written by the balancer's tick and update, read on each scrape.
 */
final class HazlMetrics {
  volatile double load;
  volatile int activeEndpoints;
  volatile int availableEndpoints;
  volatile int activeZones;
  final LongAdder added = new LongAdder();
  final LongAdder removed = new LongAdder();
  final LongAdder failovers = new LongAdder();

  HazlMetrics(BalancerContext context, HazlConfig config) {
    context.gauge(
        "weft_hazl_load", "Smoothed in-flight requests per active endpoint", Map.of(), () -> load);
    context.gauge(
        "weft_hazl_band_low",
        "Below this load a zone is removed from the active ones",
        Map.of(),
        config::bandLow);
    context.gauge(
        "weft_hazl_band_high",
        "Above this load a zone is added to the active ones",
        Map.of(),
        config::bandHigh);
    String endpointsHelp = "Endpoints taking traffic (active) and discovered ready (available)";
    context.gauge(
        "weft_hazl_endpoints", endpointsHelp, Map.of("state", "active"), () -> activeEndpoints);
    context.gauge(
        "weft_hazl_endpoints",
        endpointsHelp,
        Map.of("state", "available"),
        () -> availableEndpoints);
    context.gauge(
        "weft_hazl_zones_active",
        "Zones whose endpoints take traffic",
        Map.of(),
        () -> activeZones);
    String changesHelp =
        "Changes of the active zones: added or removed by load, failover on health or discovery";
    context.counter(
        "weft_hazl_zone_changes", changesHelp, Map.of("change", "added"), added::doubleValue);
    context.counter(
        "weft_hazl_zone_changes", changesHelp, Map.of("change", "removed"), removed::doubleValue);
    context.counter(
        "weft_hazl_zone_changes",
        changesHelp,
        Map.of("change", "failover"),
        failovers::doubleValue);
  }
}
