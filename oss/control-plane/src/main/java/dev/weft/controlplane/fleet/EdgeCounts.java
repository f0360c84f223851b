package dev.weft.controlplane.fleet;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Cumulative counts of one edge since its process started; requests by authority. */
record EdgeCounts(long connections, Map<String, Long> requests) {
  static final EdgeCounts ZERO = new EdgeCounts(0, Map.of());

  EdgeCounts {
    requests = Map.copyOf(requests);
  }

  EdgeCounts plus(EdgeCounts other) {
    Map<String, Long> sum = new HashMap<>(requests);
    other.requests.forEach((authority, n) -> sum.merge(authority, n, Long::sum));
    return new EdgeCounts(connections + other.connections, sum);
  }

  /**
   * {@code next} as counted later on the same edge: this very object when nothing moved, else with
   * this one's authority strings.
   */
  EdgeCounts sharing(EdgeCounts next) {
    if (equals(next)) {
      return this;
    }
    Map<String, String> names = new HashMap<>();
    requests.keySet().forEach(a -> names.put(a, a));
    Map<String, Long> renamed = new HashMap<>();
    next.requests.forEach(
        (authority, n) -> renamed.put(names.getOrDefault(authority, authority), n));
    return new EdgeCounts(next.connections, renamed);
  }

  /**
   * What was counted since {@code earlier}, by authority (sorted); never negative, since counters
   * of one process only grow.
   */
  EdgeCounts since(EdgeCounts earlier) {
    Map<String, Long> delta = new TreeMap<>();
    requests.forEach((authority, n) -> {
      long d = n - earlier.requests.getOrDefault(authority, 0L);
      if (d > 0) {
        delta.put(authority, d);
      }
    });
    return new EdgeCounts(Math.max(0, connections - earlier.connections), delta);
  }
}
