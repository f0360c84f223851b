package dev.weft.controlplane.sbom;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/sbom}: the CycloneDX SBOM of this control plane's build (what it contains, down to
 * the versions of its libraries). Read-only and public knowledge of the release, so it needs no
 * token, like {@code /v1/fleet}.
 */
@Path("/v1/sbom")
public class SbomApi {
  static final String CYCLONEDX = "application/vnd.cyclonedx+json";

  private final EmbeddedSbom sbom;

  SbomApi(EmbeddedSbom sbom) {
    this.sbom = sbom;
  }

  @GET
  public Response get() {
    return sbom.json()
        .map(json -> Response.ok(json, CYCLONEDX).build())
        .orElseGet(() ->
            Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity(sbom.missing())
                .build());
  }
}
