package dev.weft.proxy.fleet;

import dev.weft.api.fleet.v1.Edge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proxy's traffic by edge, read from the meters the data path already keeps ({@code tcp_open},
 * {@code request}), so heartbeats add nothing to the request path. One edge per (direction, target
 * address, mTLS or not, peer identity); connections are counted on the side the proxy sees them
 * from: those it opened to the target (outbound) or accepted from clients (inbound). Reads only;
 * safe while the data path counts.
 */
final class MeterEdges {
  /** The heartbeat's bound on edges. */
  static final int MAX_EDGES = 2_000;

  private static final Comparator<Key> ORDER =
      Comparator.comparing(Key::direction)
          .thenComparing(Key::targetAddr)
          .thenComparing(Key::tls)
          .thenComparing(Key::peerIdentity);

  /** The edges kept, in a stable order, and whether some were left out. */
  record Walk(List<Edge> edges, boolean truncated) {}

  private record Key(String direction, String targetAddr, boolean tls, String peerIdentity) {}

  private static final class Tally {
    long connections;
    final Map<String, Long> requests = new TreeMap<>();

    boolean any() {
      return connections > 0 || requests.values().stream().anyMatch(n -> n > 0);
    }
  }

  private MeterEdges() {}

  /**
   * At most {@code max} edges, in (direction, target, tls, peer) order: the order keeps the same
   * edges from one heartbeat to the next when there are too many, so their counts stay comparable.
   */
  static Walk walk(MeterRegistry registry, int max) {
    Map<Key, Tally> tallies = new TreeMap<>(ORDER);
    for (Counter c : registry.find("tcp_open").counters()) {
      Meter.Id id = c.getId();
      String counted = "outbound".equals(tag(id, "direction")) ? "dst" : "src";
      if (counted.equals(tag(id, "peer"))) {
        tallies.computeIfAbsent(key(id), k -> new Tally()).connections += (long) c.count();
      }
    }
    for (Counter c : registry.find("request").counters()) {
      Meter.Id id = c.getId();
      tallies
          .computeIfAbsent(key(id), k -> new Tally())
          .requests
          .merge(tag(id, "authority"), (long) c.count(), Long::sum);
    }
    List<Edge> edges = new ArrayList<>();
    boolean truncated = false;
    for (Map.Entry<Key, Tally> e : tallies.entrySet()) {
      Tally t = e.getValue();
      if (!t.any()) {
        continue;
      }
      if (edges.size() == max) {
        truncated = true;
        break;
      }
      Key k = e.getKey();
      edges.add(
          Edge.newBuilder()
              .setDirection(k.direction())
              .setTargetAddr(k.targetAddr())
              .setTls(k.tls())
              .setPeerIdentity(k.peerIdentity())
              .setConnections(t.connections)
              .putAllRequests(t.requests)
              .build());
    }
    return new Walk(List.copyOf(edges), truncated);
  }

  private static Key key(Meter.Id id) {
    String direction = tag(id, "direction");
    // The peer's identity as mTLS proved it: the server's to a client, the client's to a server.
    String peer = tag(id, "outbound".equals(direction) ? "server_id" : "client_id");
    return new Key(direction, tag(id, "target_addr"), "true".equals(tag(id, "tls")), peer);
  }

  private static String tag(Meter.Id id, String key) {
    String v = id.getTag(key);
    return v == null ? "" : v;
  }
}
