package dev.weft.controlplane.extension;

import dev.weft.controlplane.ControlPlane;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /v1/extensions/NAME}: the status an extension publishes. Read-only and of the same
 * kind as {@code /q/metrics}, so it needs no token, like metrics and {@code /v1/fleet}.
 */
@Path("/v1/extensions")
public class ExtensionApi {
  private final ControlPlane controlPlane;

  ExtensionApi(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @GET
  @Path("{name}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response get(@PathParam("name") String name) {
    return controlPlane
        .extensionStatuses()
        .get(name)
        .map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build())
        .orElseGet(() ->
            Response.status(Response.Status.NOT_FOUND)
                .type(MediaType.TEXT_PLAIN_TYPE)
                .entity("no control-plane extension publishes a status named '" + name + "'\n")
                .build());
  }
}
