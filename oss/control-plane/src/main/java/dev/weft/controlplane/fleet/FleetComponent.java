package dev.weft.controlplane.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One running Weft component, an entry of {@code GET /v1/fleet/components}. Times are RFC 3339;
 * what is unknown is null.
 *
 * @param identityVerified whether {@code identity} is proven: by the heartbeat's identity proof, or
 *     the control plane's own; false when only claimed or unknown
 * @param sources where the entry comes from: {@code heartbeat}, {@code pod}, {@code self}
 * @param sbom whether the inventory holds the SBOM of its {@code sha256}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FleetComponent(
    String component,
    String instance,
    String version,
    String sha256,
    String image,
    String imageDigest,
    String identity,
    boolean identityVerified,
    String namespace,
    Workload workload,
    String zone,
    String startedAt,
    String lastSeen,
    List<String> sources,
    boolean sbom) {}
