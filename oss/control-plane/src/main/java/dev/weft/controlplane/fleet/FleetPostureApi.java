package dev.weft.controlplane.fleet;

import dev.weft.controlplane.ControlPlane;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * {@code GET /v1/fleet/posture?window=1h}: the traffic the proxies reported over the window, by
 * edge, mTLS or not; a bad window is 400 naming it.
 */
@Path("/v1/fleet/posture")
@Produces(MediaType.APPLICATION_JSON)
public class FleetPostureApi {
  private final ControlPlane controlPlane;

  FleetPostureApi(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @GET
  public Response get(@QueryParam("window") @DefaultValue("1h") String window) {
    PostureWindow parsed;
    try {
      parsed = PostureWindow.parse(window);
    } catch (IllegalArgumentException e) {
      return Response.status(Response.Status.BAD_REQUEST)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(Map.of("error", e.getMessage()))
          .build();
    }
    return Response.ok(controlPlane.inventory().posture(parsed)).build();
  }
}
