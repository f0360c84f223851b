package dev.weft.controlplane.inject;

import dev.weft.controlplane.ControlPlaneConfig;
import dev.weft.inject.Injector;
import dev.weft.inject.InjectorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The sidecar injector's admission webhook, tied to the Quarkus lifecycle. Off unless {@code
 * weft.injector.enabled}. A bad proxy.json or certificate stops only the injector: identity and
 * discovery keep serving, and readiness says what is wrong.
 */
@ApplicationScoped
public class InjectorWebhook {
  private static final Logger LOG = Logger.getLogger(InjectorWebhook.class);

  private final ControlPlaneConfig config;
  private final MeterRegistry registry;
  private final Vertx vertx;
  private final Instance<KubernetesClient> kubernetes;
  private final ProxyEnvironment proxyEnvironment;
  private volatile String configProblem;
  private volatile WebhookServer server;
  private volatile KubernetesNamespaces namespaces;

  InjectorWebhook(
      ControlPlaneConfig config,
      MeterRegistry registry,
      Vertx vertx,
      Instance<KubernetesClient> kubernetes,
      ProxyEnvironment proxyEnvironment) {
    this.config = config;
    this.registry = registry;
    this.vertx = vertx;
    this.kubernetes = kubernetes;
    this.proxyEnvironment = proxyEnvironment;
  }

  void start(@Observes StartupEvent event) {
    ControlPlaneConfig.InjectorWebhook settings = config.injector();
    if (!settings.enabled()) {
      return;
    }
    InjectorConfig injectorConfig;
    try {
      injectorConfig = InjectorConfigFile.load(settings.config());
    } catch (IllegalArgumentException e) {
      configProblem = e.getMessage();
      LOG.errorf("injector not started: %s", configProblem);
      return;
    }
    NamespaceMetadata metadata = NamespaceMetadata.NONE;
    if (config.mode() == ControlPlaneConfig.Mode.KUBERNETES) {
      namespaces = KubernetesNamespaces.start(kubernetes.get());
      metadata = namespaces;
    }
    AdmissionReviews reviews =
        new AdmissionReviews(
            new Injector(injectorConfig),
            metadata,
            proxyEnvironment::values,
            new InjectorMetrics(registry));
    server =
        new WebhookServer(
            vertx,
            config.bind(),
            settings.port(),
            Path.of(settings.tlsCert()),
            Path.of(settings.tlsKey()),
            settings.tlsReloadInterval(),
            reviews);
  }

  void stop(@Observes ShutdownEvent event) {
    if (server != null) {
      server.close();
    }
    if (namespaces != null) {
      namespaces.close();
    }
  }

  /** Whether {@code weft.injector.enabled} is set. */
  public boolean enabled() {
    return config.injector().enabled();
  }

  /** The webhook's bound HTTPS port, or -1 when it is not listening. */
  public int port() {
    WebhookServer s = server;
    return s == null ? -1 : s.port();
  }

  /** Null when the webhook serves; else why not (config, certificate or listen problem). */
  public String notReadyReason() {
    if (configProblem != null) {
      return configProblem;
    }
    WebhookServer s = server;
    if (s == null) {
      return "the injector has not started";
    }
    return s.certificateProblem();
  }

  /** Null when proxy.json was read (or absent); else what is wrong with it. */
  public String configProblem() {
    return configProblem;
  }

  /** The certificate served, described (subject and end), or null. */
  public String certificate() {
    WebhookServer s = server;
    return s == null || s.certificate() == null ? null : s.certificate().describe();
  }
}
