package dev.weft.controlplane.fleet;

import dev.weft.controlplane.ControlPlane;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/fleet/components}: the Weft components running now. What components report of
 * themselves, unauthenticated, like {@code /v1/fleet}: it needs no token.
 */
@Path("/v1/fleet/components")
@Produces(MediaType.APPLICATION_JSON)
public class FleetComponentsApi {
  private final ControlPlane controlPlane;

  FleetComponentsApi(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @GET
  public FleetComponents get() {
    return controlPlane.inventory().components();
  }
}
