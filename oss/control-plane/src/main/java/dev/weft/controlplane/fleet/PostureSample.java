package dev.weft.controlplane.fleet;

import dev.weft.api.fleet.v1.Edge;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cumulative edges of one process at one time.
 *
 * @param startedAt the process's start, or null when it reported none (then restarts go unseen)
 */
record PostureSample(Instant at, Instant startedAt, Map<EdgeKey, EdgeCounts> edges) {
  PostureSample {
    edges = Map.copyOf(edges);
  }

  /**
   * The sample of a heartbeat's edges. What equals the {@code previous} sample's (edge keys, and
   * the counts of edges that did not move) is that sample's own objects, so that a day of samples
   * of a steady proxy holds each name once.
   */
  static PostureSample of(
      Instant at, Instant startedAt, List<Edge> reported, PostureSample previous) {
    Map<EdgeKey, EdgeCounts> edges = new HashMap<>();
    for (Edge edge : reported) {
      EdgeKey key =
          new EdgeKey(
              edge.getDirection(), edge.getTargetAddr(), edge.getTls(), edge.getPeerIdentity());
      edges.merge(
          key, new EdgeCounts(edge.getConnections(), edge.getRequestsMap()), EdgeCounts::plus);
    }
    if (previous == null || previous.edges.isEmpty()) {
      return new PostureSample(at, startedAt, edges);
    }
    Map<EdgeKey, EdgeKey> keys = new HashMap<>();
    previous.edges.keySet().forEach(k -> keys.put(k, k));
    Map<EdgeKey, EdgeCounts> shared = new HashMap<>();
    edges.forEach((key, counts) -> {
      EdgeKey known = keys.getOrDefault(key, key);
      EdgeCounts before = previous.edges.get(known);
      shared.put(known, before == null ? counts : before.sharing(counts));
    });
    return new PostureSample(at, startedAt, shared);
  }
}
