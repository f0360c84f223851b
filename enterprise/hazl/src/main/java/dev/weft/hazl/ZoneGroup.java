package dev.weft.hazl;

import dev.weft.spi.balancer.EndpointView;
import java.util.List;

/**
 * The endpoints of one zone as HAZL orders them.
 *
 * @param zone the zone's name; empty for the endpoints with no zone, {@value #ALL} for every
 *     endpoint when the proxy has no zone
 * @param available its endpoints
 * @param healthy those of them healthy now, in the same order
 */
record ZoneGroup(String zone, List<EndpointState> available, List<EndpointView> healthy) {
  static final String ALL = "*";

  ZoneGroup {
    available = List.copyOf(available);
    healthy = List.copyOf(healthy);
  }

  /** Whether it can take traffic: it has a healthy endpoint. */
  boolean usable() {
    return !healthy.isEmpty();
  }

  /** The zone's name for logs. */
  String label() {
    return zone.isEmpty() ? "(no zone)" : zone;
  }
}
