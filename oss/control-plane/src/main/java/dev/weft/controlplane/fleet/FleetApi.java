package dev.weft.controlplane.fleet;

import dev.weft.controlplane.ControlPlane;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code GET /v1/fleet}: the meshed pods and workloads, in both modes. Read-only and no more than
 * {@code /q/metrics} and the pods' own annotations already tell, so it needs no token, like
 * metrics.
 */
@Path("/v1/fleet")
@Produces(MediaType.APPLICATION_JSON)
public class FleetApi {
  private final ControlPlane controlPlane;

  FleetApi(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  /** The answer: the fleet, and its two counts spelled out for scripts. */
  public record Answer(
      int meshedPods, int meshedWorkloads, String source, List<MeshedWorkload> workloads) {}

  @GET
  public Answer get() {
    Fleet fleet = controlPlane.fleet();
    return new Answer(
        fleet.meshedPods(), fleet.meshedWorkloads(), fleet.source(), fleet.workloads());
  }
}
