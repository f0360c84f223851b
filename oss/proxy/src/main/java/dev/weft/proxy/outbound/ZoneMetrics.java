package dev.weft.proxy.outbound;

import dev.weft.proxy.metrics.ByteTally;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Bytes exchanged with discovered endpoints, by where they are:
 *
 * <ul>
 *   <li>{@code weft_zone_bytes_total{direction,dst_zone_locality,peer="dst",flow}}: raw bytes on
 *       the upstream connections, {@code flow} {@code sent} or {@code received};
 *   <li>{@code weft_zone_blind_cross_zone_bytes_total{direction}}: what a zone-blind balancer would
 *       have sent across zones for the same bytes: each byte counts {@code p_remote}, the share of
 *       its service's available endpoint weight outside this proxy's zone (see {@link
 *       ZoneTraffic});
 *   <li>{@code weft_cross_zone_bytes_avoided{direction}}: that estimate minus the bytes actually
 *       exchanged with remote endpoints; negative when the balancer does worse than zone-blind.
 * </ul>
 *
 * The last two exist only when the proxy has a zone. Meters are registered up front, so that the
 * byte path never looks anything up. Thread-safe.
 */
final class ZoneMetrics {
  private final String zone;
  private final Map<Locality, Flows> flows = new EnumMap<>(Locality.class);
  private final Counter zoneBlind;

  /** The two counters of one locality; a tally of connections without the estimate. */
  static final class Flows implements ByteTally {
    final Counter sent;
    final Counter received;

    private Flows(MeterRegistry registry, String direction, Locality locality) {
      sent = counter(registry, direction, locality, "sent");
      received = counter(registry, direction, locality, "received");
    }

    private static Counter counter(
        MeterRegistry registry, String direction, Locality locality, String flow) {
      return Counter.builder("weft_zone_bytes")
          .description("Bytes exchanged with discovered endpoints, by their zone locality")
          .tags(
              "direction",
              direction,
              "dst_zone_locality",
              locality.label(),
              "peer",
              "dst",
              "flow",
              flow)
          .register(registry);
    }

    @Override
    public void sent(long n) {
      sent.increment(n);
    }

    @Override
    public void received(long n) {
      received.increment(n);
    }

    double total() {
      return sent.count() + received.count();
    }
  }

  /**
   * @param zone this proxy's zone, or empty
   */
  ZoneMetrics(MeterRegistry registry, String direction, String zone) {
    this.zone = zone;
    if (zone.isEmpty()) {
      flows.put(Locality.UNKNOWN, new Flows(registry, direction, Locality.UNKNOWN));
      zoneBlind = null;
      return;
    }
    flows.put(Locality.LOCAL, new Flows(registry, direction, Locality.LOCAL));
    flows.put(Locality.REMOTE, new Flows(registry, direction, Locality.REMOTE));
    zoneBlind =
        Counter.builder("weft_zone_blind_cross_zone_bytes")
            .description(
                "Bytes a zone-blind balancer would have exchanged across zones, estimated from the"
                    + " services' endpoint weights outside this proxy's zone")
            .tags("direction", direction)
            .register(registry);
    Flows remote = flows.get(Locality.REMOTE);
    Gauge.builder("weft_cross_zone_bytes_avoided", this, m -> m.zoneBlind.count() - remote.total())
        .description(
            "Cross-zone bytes avoided compared with zone-blind balancing (negative: more crossed)")
        .tags("direction", direction)
        .strongReference(true)
        .register(registry);
  }

  /** Whether the proxy has a zone, and so the zone-blind estimate is kept. */
  boolean zoned() {
    return zoneBlind != null;
  }

  /** The counters of an endpoint in {@code endpointZone}. */
  Flows flows(String endpointZone) {
    return flows.get(Locality.of(zone, endpointZone));
  }

  /** The estimate's counter; null when the proxy has no zone. */
  Counter zoneBlind() {
    return zoneBlind;
  }
}
