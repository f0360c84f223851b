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

  static PostureSample of(Instant at, Instant startedAt, List<Edge> reported) {
    Map<EdgeKey, EdgeCounts> edges = new HashMap<>();
    for (Edge edge : reported) {
      EdgeKey key =
          new EdgeKey(
              edge.getDirection(), edge.getTargetAddr(), edge.getTls(), edge.getPeerIdentity());
      edges.merge(
          key, new EdgeCounts(edge.getConnections(), edge.getRequestsMap()), EdgeCounts::plus);
    }
    return new PostureSample(at, startedAt, edges);
  }
}
