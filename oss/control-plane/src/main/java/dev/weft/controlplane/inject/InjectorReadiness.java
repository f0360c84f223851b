package dev.weft.controlplane.inject;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * When the injector is enabled: ready once proxy.json is valid, a certificate is loaded and the
 * webhook listens. Unready otherwise, on purpose: during a rolling update a control plane whose
 * injector cannot work never replaces one whose injector can (the old pods keep serving
 * everything), and the reason is shown here. When disabled it reports UP with {@code enabled:
 * false}.
 */
@Readiness
@ApplicationScoped
public class InjectorReadiness implements HealthCheck {
  private final InjectorWebhook webhook;

  InjectorReadiness(InjectorWebhook webhook) {
    this.webhook = webhook;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("injector").withData("enabled", webhook.enabled());
    if (!webhook.enabled()) {
      return response.up().build();
    }
    String reason = webhook.notReadyReason();
    response.withData("config", webhook.configProblem() == null ? "ok" : "invalid");
    response.withData("listening", webhook.port() > 0);
    if (webhook.port() > 0) {
      response.withData("port", webhook.port());
    }
    String certificate = webhook.certificate();
    response.withData("certificate", certificate == null ? "not loaded" : certificate);
    return reason == null
        ? response.up().build()
        : response.down().withData("reason", reason).build();
  }
}
