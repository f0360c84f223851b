package dev.weft.controlplane;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the process answers: a missing CA is a readiness matter, and restarting would not
 * bring a Secret into being.
 */
@Liveness
@ApplicationScoped
public class ControlPlaneLiveness implements HealthCheck {
  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.up("control-plane");
  }
}
