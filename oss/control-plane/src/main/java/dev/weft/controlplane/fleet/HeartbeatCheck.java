package dev.weft.controlplane.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.api.fleet.v1.Edge;
import dev.weft.api.fleet.v1.Heartbeat;
import java.io.IOException;
import java.util.Map;

/**
 * The bounds of a heartbeat, checked before the inventory takes it: each failure names the field,
 * its value and what was expected, and is answered INVALID_ARGUMENT.
 */
final class HeartbeatCheck {
  static final int MAX_INSTANCE = 253;
  static final int MAX_COMPONENT = 63;
  static final int MAX_VERSION = 128;
  static final int MAX_IDENTITY = 253;
  static final int MAX_ZONE = 63;
  static final int MAX_EDGES = 2_000;
  static final int MAX_ADDRESS = 261;
  static final int MAX_AUTHORITIES = 256;
  private static final ObjectMapper JSON = new ObjectMapper();

  private HeartbeatCheck() {}

  /** Null when the heartbeat is within its bounds; else what is wrong with it. */
  static String problem(Heartbeat heartbeat) {
    String problem = required("instance", heartbeat.getInstance(), MAX_INSTANCE);
    if (problem == null) {
      problem = required("component", heartbeat.getComponent(), MAX_COMPONENT);
    }
    if (problem == null) {
      problem = required("version", heartbeat.getVersion(), MAX_VERSION);
    }
    if (problem == null) {
      problem = sha256(heartbeat.getSha256());
    }
    if (problem == null) {
      problem = optional("identity", heartbeat.getIdentity(), MAX_IDENTITY);
    }
    if (problem == null) {
      problem = optional("zone", heartbeat.getZone(), MAX_ZONE);
    }
    if (problem == null && heartbeat.hasStartedAt()) {
      long seconds = heartbeat.getStartedAt().getSeconds();
      int nanos = heartbeat.getStartedAt().getNanos();
      // RFC 3339's range, as protobuf's Timestamp defines it.
      if (seconds < -62_135_596_800L || seconds > 253_402_300_799L || nanos < 0) {
        problem = "started_at: " + seconds + "s (expected: a time in years 1..9999)";
      }
    }
    if (problem == null) {
      problem = sbom(heartbeat);
    }
    if (problem == null) {
      problem = edges(heartbeat);
    }
    return problem;
  }

  private static String required(String field, String value, int max) {
    if (value.isEmpty()) {
      return field + ": empty (expected: at most " + max + " characters, not empty)";
    }
    return optional(field, value, max);
  }

  private static String optional(String field, String value, int max) {
    if (value.length() > max) {
      return field
          + ": "
          + value.length()
          + " characters (expected: at most "
          + max
          + "), starting '"
          + value.substring(0, 32)
          + "'";
    }
    return null;
  }

  private static String sha256(String value) {
    if (value.isEmpty() || value.matches("[0-9a-f]{64}")) {
      return null;
    }
    String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return "sha256: '" + shown + "' (expected: 64 lower-case hex digits, or empty)";
  }

  private static String sbom(Heartbeat heartbeat) {
    int size = heartbeat.getSbom().size();
    if (size == 0) {
      return null;
    }
    if (size > FleetInventory.MAX_SBOM_BYTES) {
      return "sbom: " + size + " bytes (expected: at most " + FleetInventory.MAX_SBOM_BYTES + ")";
    }
    if (heartbeat.getSha256().isEmpty()) {
      return "sbom: sent without sha256 (expected: the sha256 of the jar it describes)";
    }
    try (JsonParser parser = JSON.createParser(heartbeat.getSbom().newInput())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return "sbom: not a JSON object (expected: a CycloneDX JSON document)";
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        return "sbom: data after the JSON object (expected: one CycloneDX JSON document)";
      }
    } catch (JsonProcessingException e) {
      return "sbom: not JSON (" + e.getOriginalMessage() + ")";
    } catch (IOException e) {
      return "sbom: unreadable (" + e.getMessage() + ")";
    }
    return null;
  }

  private static String edges(Heartbeat heartbeat) {
    if (heartbeat.getEdgesCount() > MAX_EDGES) {
      return "edges: "
          + heartbeat.getEdgesCount()
          + " entries (expected: at most "
          + MAX_EDGES
          + ", with edges_truncated)";
    }
    for (int i = 0; i < heartbeat.getEdgesCount(); i++) {
      String problem = edge("edges[" + i + "].", heartbeat.getEdges(i));
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String edge(String prefix, Edge edge) {
    String direction = edge.getDirection();
    if (!direction.equals("inbound") && !direction.equals("outbound")) {
      return prefix
          + "direction: '"
          + (direction.length() > 32 ? direction.substring(0, 32) : direction)
          + "' (expected: inbound or outbound)";
    }
    String problem = required(prefix + "target_addr", edge.getTargetAddr(), MAX_ADDRESS);
    if (problem == null) {
      problem = optional(prefix + "peer_identity", edge.getPeerIdentity(), MAX_IDENTITY);
    }
    if (problem == null && edge.getRequestsCount() > MAX_AUTHORITIES) {
      problem =
          prefix
              + "requests: "
              + edge.getRequestsCount()
              + " authorities (expected: at most "
              + MAX_AUTHORITIES
              + ")";
    }
    if (problem == null) {
      for (Map.Entry<String, Long> e : edge.getRequestsMap().entrySet()) {
        problem = required(prefix + "requests key", e.getKey(), MAX_ADDRESS);
        if (problem != null) {
          break;
        }
      }
    }
    return problem;
  }
}
