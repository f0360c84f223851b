package dev.weft.controlplane.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the instances' samples into the edges of a window {@code [from, to]}. For each process of
 * an instance, its traffic in the window is its latest sample minus its last sample at or before
 * {@code from}: zero when the process started after {@code from}, else, when the inventory saw
 * nothing of it that early (it started later itself), its first sample, so traffic from before the
 * window is never counted. Outbound edges are the clients' view of the mesh; inbound edges count
 * only when plaintext (clients without a proxy, which report nothing themselves).
 */
final class PostureCalculation {
  private PostureCalculation() {}

  private record Key(
      FleetPosture.Source source,
      FleetPosture.Destination destination,
      String direction,
      boolean mtls) {}

  static List<FleetPosture.Edge> edges(List<InstanceView> instances, Instant from) {
    Map<Key, long[]> sums = new HashMap<>();
    for (InstanceView instance : instances) {
      if (!"proxy".equals(instance.component())) {
        continue;
      }
      for (List<PostureSample> process : processes(instance.samples())) {
        delta(process, from).forEach((edge, counts) -> add(sums, instance, edge, counts));
      }
    }
    List<FleetPosture.Edge> edges = new ArrayList<>();
    sums.forEach((k, n) -> {
      if (n[0] > 0 || n[1] > 0) {
        edges.add(
            new FleetPosture.Edge(
                k.source(), k.destination(), k.direction(), k.mtls(), n[0], n[1]));
      }
    });
    edges.sort(ORDER);
    return edges;
  }

  static FleetPosture.Summary summary(List<FleetPosture.Edge> edges) {
    int mtlsEdges = 0;
    long requests = 0;
    long mtlsRequests = 0;
    long connections = 0;
    long mtlsConnections = 0;
    for (FleetPosture.Edge edge : edges) {
      requests += edge.requests();
      connections += edge.connections();
      if (edge.mtls()) {
        mtlsEdges++;
        mtlsRequests += edge.requests();
        mtlsConnections += edge.connections();
      }
    }
    return new FleetPosture.Summary(
        edges.size(),
        mtlsEdges,
        edges.size() - mtlsEdges,
        requests,
        mtlsRequests,
        connections,
        mtlsConnections);
  }

  /** Consecutive samples of the same process. */
  private static List<List<PostureSample>> processes(List<PostureSample> samples) {
    List<List<PostureSample>> processes = new ArrayList<>();
    List<PostureSample> current = null;
    for (PostureSample sample : samples) {
      if (current == null || !Objects.equals(current.getFirst().startedAt(), sample.startedAt())) {
        current = new ArrayList<>();
        processes.add(current);
      }
      current.add(sample);
    }
    return processes;
  }

  private static Map<EdgeKey, EdgeCounts> delta(List<PostureSample> process, Instant from) {
    PostureSample latest = process.getLast();
    PostureSample baseline = null;
    for (PostureSample sample : process) {
      if (!sample.at().isAfter(from)) {
        baseline = sample;
      }
    }
    Instant started = latest.startedAt();
    if (baseline == null && (started == null || !started.isAfter(from))) {
      baseline = process.getFirst();
    }
    Map<EdgeKey, EdgeCounts> delta = new HashMap<>();
    for (Map.Entry<EdgeKey, EdgeCounts> e : latest.edges().entrySet()) {
      EdgeCounts before =
          baseline == null
              ? EdgeCounts.ZERO
              : baseline.edges().getOrDefault(e.getKey(), EdgeCounts.ZERO);
      delta.put(e.getKey(), e.getValue().since(before));
    }
    return delta;
  }

  private static void add(
      Map<Key, long[]> sums, InstanceView instance, EdgeKey edge, EdgeCounts counts) {
    FleetPosture.Source source;
    FleetPosture.Destination destination;
    String peer = edge.peerIdentity().isEmpty() ? null : edge.peerIdentity();
    if (edge.direction().equals("outbound")) {
      source =
          new FleetPosture.Source(instance.identity(), instance.namespace(), instance.workload());
      destination = new FleetPosture.Destination(null, edge.targetAddr(), peer);
    } else if (!edge.tls()) {
      source = new FleetPosture.Source(null, null, null);
      destination = new FleetPosture.Destination(null, edge.targetAddr(), instance.identity());
    } else {
      return; // the client's proxy reports this edge as outbound
    }
    // Requests are known by authority, connections only by target: they go with the first
    // authority, so the totals add up without a second edge.
    long connections = counts.connections();
    if (counts.requests().isEmpty()) {
      long[] n = sums.computeIfAbsent(key(source, destination, null, edge), k -> new long[2]);
      n[0] += connections;
      return;
    }
    for (Map.Entry<String, Long> request : counts.requests().entrySet()) {
      long[] n =
          sums.computeIfAbsent(key(source, destination, request.getKey(), edge), k -> new long[2]);
      n[0] += connections;
      n[1] += request.getValue();
      connections = 0;
    }
  }

  private static Key key(
      FleetPosture.Source source,
      FleetPosture.Destination destination,
      String authority,
      EdgeKey edge) {
    return new Key(
        source,
        new FleetPosture.Destination(authority, destination.targetAddr(), destination.identity()),
        edge.direction(),
        edge.tls());
  }

  private static final Comparator<String> TEXT = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<FleetPosture.Edge> ORDER =
      Comparator.comparing(FleetPosture.Edge::direction)
          .thenComparing(e -> e.source().namespace(), TEXT)
          .thenComparing(e -> e.source().identity(), TEXT)
          .thenComparing(e -> e.destination().targetAddr(), TEXT)
          .thenComparing(e -> e.destination().authority(), TEXT)
          .thenComparing(e -> e.destination().identity(), TEXT)
          .thenComparing(FleetPosture.Edge::mtls);
}
