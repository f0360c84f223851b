package dev.weft.compliance.fleet;

import java.util.Objects;

/**
 * One running Weft process as an inventory lists it: a heartbeat, a pod, or the control plane
 * itself. Everything but {@code component}, {@code instance} and {@code version} may be null.
 *
 * @param component {@code proxy} or {@code control-plane}
 * @param sha256 lower-case hex SHA-256 of the jar it runs from
 * @param imageDigest {@code sha256:HEX} of its container image
 * @param identityVerified whether the control plane checked the component's proof of {@code
 *     identity} (a heartbeat signed with its identity certificate), rather than only hearing it
 * @param sbom whether the control plane holds the component's embedded SBOM
 */
public record FleetInstance(
    String component,
    String instance,
    String version,
    String sha256,
    String image,
    String imageDigest,
    String identity,
    boolean identityVerified,
    String namespace,
    String workloadKind,
    String workloadName,
    String zone,
    boolean sbom) {
  public FleetInstance {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(instance, "instance");
  }

  /** The name of the component's artifact: {@code weft-proxy}, {@code weft-control-plane}. */
  public String artifact() {
    return "weft-" + component;
  }

  /** {@code ns/kind/name}, or null when the inventory does not say. */
  public String workload() {
    if (workloadKind == null || workloadName == null) {
      return null;
    }
    return (namespace == null ? "" : namespace) + "/" + workloadKind + "/" + workloadName;
  }
}
