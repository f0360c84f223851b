package dev.weft.controlplane.fleet;

import dev.weft.controlplane.ControlPlane;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code GET /v1/fleet/sboms/{sha256}}: the CycloneDX SBOM a component of that build reported, as
 * it reported it; 404 with a JSON error when the inventory holds none.
 */
@Path("/v1/fleet/sboms")
public class FleetSbomsApi {
  static final String CYCLONEDX = "application/vnd.cyclonedx+json";

  private final ControlPlane controlPlane;

  FleetSbomsApi(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @GET
  @Path("{sha256}")
  public Response get(@PathParam("sha256") String sha256) {
    return controlPlane
        .inventory()
        .sbom(sha256)
        .map(json -> Response.ok(json, CYCLONEDX).build())
        .orElseGet(() ->
            Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(
                    Map.of(
                        "error",
                        "no SBOM for sha256 '"
                            + sha256
                            + "' (expected: the sha256 of a running component that sent its"
                            + " SBOM; see /v1/fleet/components)"))
                .build());
  }
}
