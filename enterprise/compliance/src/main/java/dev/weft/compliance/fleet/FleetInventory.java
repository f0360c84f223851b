package dev.weft.compliance.fleet;

import java.util.List;
import java.util.Optional;

/** Where the fleet SBOM learns what runs: a control plane, or a cluster's API server. */
public interface FleetInventory {
  /** Where the inventory was read, for the document and messages (a URL, a cluster). */
  String source();

  /** The running instances. */
  List<FleetInstance> instances();

  /** The embedded CycloneDX SBOM of the jar with this SHA-256, when the inventory holds it. */
  Optional<byte[]> sbom(String sha256);

  /** What was left out and why, one line each, after {@link #instances} and {@link #sbom}. */
  List<String> warnings();
}
