package dev.weft.controlplane;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once discovery's source has loaded (before, Watch answers UNAVAILABLE). Source errors do
 * not make it unready, since the services they leave out are the only ones affected, but they are
 * shown here so that one place tells an operator what is wrong.
 */
@Readiness
@ApplicationScoped
public class DiscoveryReadiness implements HealthCheck {
  private static final int SHOWN_ERRORS = 10;

  private final ControlPlane controlPlane;

  DiscoveryReadiness(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @Override
  public HealthCheckResponse call() {
    boolean synced = controlPlane.discovery().synced();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("discovery")
            .status(synced)
            .withData("services", controlPlane.discovery().size());
    if (!synced) {
      response.withData("reason", "the discovery source has not loaded yet");
    }
    List<String> errors = controlPlane.discoveryErrors();
    response.withData("errors", errors.size());
    for (int i = 0; i < Math.min(errors.size(), SHOWN_ERRORS); i++) {
      response.withData("error" + i, errors.get(i));
    }
    return response.build();
  }
}
