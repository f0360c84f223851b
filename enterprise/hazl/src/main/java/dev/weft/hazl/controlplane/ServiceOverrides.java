package dev.weft.hazl.controlplane;

import dev.weft.spi.controlplane.BalancerChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Service's HAZL annotations applied to the cluster's settings: {@code hazl.weft.dev/enabled:
 * "false"} leaves the service to the proxies' default balancer; {@code hazl.weft.dev/band.low},
 * {@code band.high} and {@code zone.order} replace the cluster's values for it. A bad annotation is
 * ignored (the cluster's value applies) and named in the problems.
 */
final class ServiceOverrides {
  static final String PREFIX = "hazl.weft.dev/";
  static final String ENABLED = PREFIX + "enabled";
  static final String BAND_LOW = PREFIX + "band.low";
  static final String BAND_HIGH = PREFIX + "band.high";
  static final String ZONE_ORDER = PREFIX + "zone.order";

  /**
   * What one service gets.
   *
   * @param choice the balancer, or empty for the proxies' default
   * @param problems one line per ignored annotation, naming it
   */
  record Decision(Optional<BalancerChoice> choice, List<String> problems) {
    Decision {
      problems = List.copyOf(problems);
    }
  }

  private ServiceOverrides() {}

  /** The decision for a service with {@code annotations}, HAZL being on with {@code cluster}. */
  static Decision decide(HazlSettings cluster, Map<String, String> annotations) {
    List<String> problems = new ArrayList<>();
    boolean optedOut = false;
    Double low = null;
    Double high = null;
    List<String> zones = null;
    for (Map.Entry<String, String> a : annotations.entrySet()) {
      String key = a.getKey();
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String text = a.getValue() == null ? "" : a.getValue();
      try {
        switch (key) {
          case ENABLED -> optedOut = !HazlValues.bool(key, text);
          case BAND_LOW -> low = HazlValues.bandEnd(key, text, "a number > 0 and < band.high");
          case BAND_HIGH -> high = HazlValues.bandEnd(key, text, "a number > band.low and <= 1000");
          case ZONE_ORDER -> zones = HazlValues.zoneOrder(key, text);
          default ->
              throw new IllegalArgumentException(
                  key
                      + ": unknown annotation (expected: "
                      + String.join(", ", List.of(ENABLED, BAND_LOW, BAND_HIGH, ZONE_ORDER))
                      + ")");
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    problems.sort(null);
    if (optedOut) {
      return new Decision(Optional.empty(), problems);
    }
    HazlSettings settings = cluster;
    if (low != null || high != null) {
      double l = low != null ? low : cluster.bandLow();
      double h = high != null ? high : cluster.bandHigh();
      if (l < h) {
        settings = settings.withBand(l, h);
      } else {
        // Which end is wrong cannot be told; the given ones are both ignored.
        problems.add(
            low == null
                ? BAND_HIGH
                    + ": '"
                    + HazlValues.plain(h)
                    + "' (expected: a number > band.low, which is "
                    + HazlValues.plain(l)
                    + ", and <= 1000)"
                : HazlValues.notBelow(BAND_LOW, l, h)
                    + (high != null ? "; " + BAND_HIGH + " ignored too" : ""));
      }
    }
    if (zones != null) {
      settings = settings.withZoneOrder(zones);
    }
    return new Decision(
        Optional.of(new BalancerChoice("hazl", settings.balancerConfig())), problems);
  }
}
