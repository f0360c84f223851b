package dev.weft.controlplane.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code GET /v1/fleet/posture}: the traffic proxies reported over a window, by edge, and how much
 * of it was mTLS. Times are RFC 3339.
 *
 * @param proxies proxy instances that reported within the window
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetPosture(
    String generatedAt,
    String window,
    String from,
    String to,
    List<Edge> edges,
    Summary summary,
    int proxies) {

  /** The client side of an edge; all null for unmeshed clients of an inbound plaintext edge. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Source(String identity, String namespace, Workload workload) {}

  /** Where the traffic went; {@code identity} is the server's, proven by mTLS, else null. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Destination(String authority, String targetAddr, String identity) {}

  /** Connections and requests of one edge within the window. */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Edge(
      Source source,
      Destination destination,
      String direction,
      boolean mtls,
      long connections,
      long requests) {}

  /** Totals over {@code edges}. */
  public record Summary(
      int edges,
      int mtlsEdges,
      int plaintextEdges,
      long requests,
      long mtlsRequests,
      long connections,
      long mtlsConnections) {}
}
