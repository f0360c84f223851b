package dev.weft.hazl.controlplane;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A valid HAZL configuration of the cluster (ConfigMap {@code weft-hazl}), or of one service once
 * its annotations are applied.
 *
 * @param enabled whether HAZL is turned on for the cluster
 * @param bandLow the band's low end: below it, a zone is removed
 * @param bandHigh the band's high end: above it, a zone is added
 * @param zoneOrder the zones nearest first after the local zone
 * @param loadDecay the smoothing time constant of the load
 */
record HazlSettings(
    boolean enabled, double bandLow, double bandHigh, List<String> zoneOrder, Duration loadDecay) {
  static final HazlSettings DEFAULTS =
      new HazlSettings(false, 0.8, 2.0, List.of(), Duration.ofSeconds(1));

  HazlSettings {
    zoneOrder = List.copyOf(zoneOrder);
    Objects.requireNonNull(loadDecay, "loadDecay");
    if (!(bandLow > 0 && bandLow < bandHigh && bandHigh <= HazlValues.MAX_BAND)) {
      throw new IllegalArgumentException(
          "band: " + bandLow + ".." + bandHigh + " (expected: 0 < low < high <= 1000)");
    }
  }

  HazlSettings withBand(double low, double high) {
    return new HazlSettings(enabled, low, high, zoneOrder, loadDecay);
  }

  HazlSettings withZoneOrder(List<String> zones) {
    return new HazlSettings(enabled, bandLow, bandHigh, zones, loadDecay);
  }

  /**
   * The {@code hazl} balancer's configuration, as the Destination API carries it: plain numbers and
   * durations; no {@code zone.order} when there is none.
   */
  Map<String, String> balancerConfig() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("band.low", HazlValues.plain(bandLow));
    config.put("band.high", HazlValues.plain(bandHigh));
    if (!zoneOrder.isEmpty()) {
      config.put("zone.order", String.join(",", zoneOrder));
    }
    config.put("load.decay", HazlValues.duration(loadDecay));
    return config;
  }
}
