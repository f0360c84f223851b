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
 * {@code request}, {@code weft_balancer_endpoint_requests}), so heartbeats add nothing to the
 * request path. One edge per (direction, target address, mTLS or not, peer identity); connections
 * are counted on the side the proxy sees them from: those it opened to the target (outbound) or
 * accepted from clients (inbound). Reads only; safe while the data path counts.
 *
 * <p>A discovered service's {@code request} meters name the service, not an endpoint, and carry no
 * {@code tls} (a request may try several endpoints). Counted as they are, they would be an edge to
 * a name with no connections and no mTLS. Its tries are counted per endpoint instead, from {@code
 * weft_balancer_endpoint_requests}, on the edge of that endpoint's connections (which carry the
 * mTLS and the server's identity), keyed by the service's name.
 */
final class MeterEdges {
  /** The heartbeat's bound on edges. */
  static final int MAX_EDGES = 2_000;

  private static final String TRIES = "weft_balancer_endpoint_requests";

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
    Map<String, Key> endpoints = new TreeMap<>();
    for (Map.Entry<Key, Tally> e : tallies.entrySet()) {
      if ("outbound".equals(e.getKey().direction())) {
        // An endpoint whose identity changed has two keys: the tries go to the busier one.
        endpoints.merge(
            e.getKey().targetAddr(),
            e.getKey(),
            (a, b) -> tallies.get(a).connections >= tallies.get(b).connections ? a : b);
      }
    }
    for (Counter c : registry.find(TRIES).counters()) {
      Meter.Id id = c.getId();
      Key endpoint = endpoints.get(tag(id, "endpoint"));
      // An unreachable try opened no connection: nothing crossed the edge.
      if (endpoint != null && !"unreachable".equals(tag(id, "outcome"))) {
        tallies.get(endpoint).requests.merge(tag(id, "dst_service"), (long) c.count(), Long::sum);
      }
    }
    for (Counter c : registry.find("request").counters()) {
      Meter.Id id = c.getId();
      if (tag(id, "tls").isEmpty()) {
        continue; // a discovered service's requests: counted per endpoint above
      }
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
