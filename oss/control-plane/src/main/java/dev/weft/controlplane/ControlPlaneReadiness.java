package dev.weft.controlplane;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the Identity port is open, a CA (issuer and roots) is loaded and, with TLS, the port
 * holds its serving certificate.
 */
@Readiness
@ApplicationScoped
public class ControlPlaneReadiness implements HealthCheck {
  private final ControlPlane controlPlane;

  ControlPlaneReadiness(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @Override
  public HealthCheckResponse call() {
    String reason = controlPlane.notReadyReason();
    return reason == null
        ? HealthCheckResponse.named("identity")
            .up()
            .withData("identityPort", controlPlane.identityPort())
            .build()
        : HealthCheckResponse.named("identity").down().withData("reason", reason).build();
  }
}
