package dev.weft.hazl;

import dev.weft.spi.balancer.EndpointView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders the endpoints by zone, nearest first: the proxy's own zone, then the configured order,
 * then the other zones by name, and the endpoints with no zone last (another zone, of unknown
 * distance). When the proxy has no zone there is one group of every endpoint: nothing is nearer.
 */
final class ZoneOrder {
  private final String localZone;
  private final List<String> order;

  ZoneOrder(String localZone, List<String> configured) {
    this.localZone = localZone == null ? "" : localZone.strip();
    List<String> o = new ArrayList<>();
    if (!this.localZone.isEmpty()) {
      o.add(this.localZone);
    }
    for (String z : configured) {
      if (!o.contains(z)) {
        o.add(z);
      }
    }
    this.order = List.copyOf(o);
  }

  boolean zoneBlind() {
    return localZone.isEmpty();
  }

  /** The groups of {@code available} (keeping their order within a group), healthy as of now. */
  List<ZoneGroup> groups(List<EndpointState> available, long now) {
    Map<String, List<EndpointState>> byZone = new LinkedHashMap<>();
    if (zoneBlind()) {
      byZone.put(ZoneGroup.ALL, available);
    } else {
      for (String z : order) {
        byZone.put(z, new ArrayList<>());
      }
      Map<String, List<EndpointState>> others = new TreeMap<>();
      List<EndpointState> zoneless = new ArrayList<>();
      for (EndpointState s : available) {
        String z = s.endpoint().zone() == null ? "" : s.endpoint().zone().strip();
        List<EndpointState> list = byZone.get(z);
        if (list == null) {
          list = z.isEmpty() ? zoneless : others.computeIfAbsent(z, k -> new ArrayList<>());
        }
        list.add(s);
      }
      byZone.putAll(others);
      byZone.put("", zoneless);
    }
    List<ZoneGroup> groups = new ArrayList<>(byZone.size());
    for (Map.Entry<String, List<EndpointState>> e : byZone.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      List<EndpointView> healthy = new ArrayList<>();
      for (EndpointState s : e.getValue()) {
        if (s.healthy(now)) {
          healthy.add(s.endpoint());
        }
      }
      groups.add(new ZoneGroup(e.getKey(), e.getValue(), healthy));
    }
    return groups;
  }
}
