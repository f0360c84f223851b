package dev.weft.controlplane;

import dev.weft.controlplane.identity.IdentityMetrics;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.IdentityServer;
import dev.weft.controlplane.identity.IdentityService;
import dev.weft.controlplane.identity.TokenVerifier;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.controlplane.identity.kubernetes.KubernetesCa;
import dev.weft.controlplane.identity.kubernetes.TokenReviewVerifier;
import dev.weft.controlplane.identity.local.BootstrapTokens;
import dev.weft.controlplane.identity.local.LocalCa;
import dev.weft.controlplane.local.LocalControl;
import dev.weft.controlplane.local.LocalSecrets;
import dev.weft.controlplane.local.StateDirectory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Assembles the control plane for its mode and ties it to the Quarkus lifecycle. The order matters:
 * the CA material is loaded (and, in local mode, the state directory locked) before the Identity
 * port opens, so no Certify ever finds the CA half-built.
 */
@ApplicationScoped
public class ControlPlane {
  private static final Logger LOG = Logger.getLogger(ControlPlane.class);

  private final ControlPlaneConfig config;
  private final MeterRegistry registry;
  private final Instance<KubernetesClient> kubernetes;
  private final Clock clock = Clock.systemUTC();
  private final SecureRandom random = new SecureRandom();
  private final CaHolder ca = new CaHolder();
  private volatile LocalControl local;
  private volatile KubernetesCa kubernetesCa;
  private volatile IdentityServer identityServer;

  ControlPlane(
      ControlPlaneConfig config, MeterRegistry registry, Instance<KubernetesClient> kubernetes) {
    this.config = config;
    this.registry = registry;
    this.kubernetes = kubernetes;
  }

  void start(@Observes StartupEvent event) {
    String trustDomain = IdentityName.validateTrustDomain(config.identity().trustDomain());
    TokenVerifier tokens =
        switch (config.mode()) {
          case LOCAL -> startLocal(trustDomain);
          case KUBERNETES -> startKubernetes();
        };
    IdentityService service =
        new IdentityService(
            trustDomain,
            tokens,
            ca,
            new CertificateAuthority(clock, random, config.identity().leafLifetime()),
            new IdentityMetrics(registry, ca));
    identityServer = IdentityServer.start(config.bind(), config.identity().port(), service);
    LOG.infof(
        "Weft control plane (%s mode, trust domain %s, leaf lifetime %s): Identity gRPC listening on"
            + " %s:%d%s",
        config.mode().name().toLowerCase(),
        trustDomain,
        config.identity().leafLifetime(),
        config.bind(),
        identityServer.port(),
        local == null ? "" : ", state directory " + local.state().root());
  }

  void stop(@Observes ShutdownEvent event) {
    if (identityServer != null) {
      identityServer.close();
    }
    if (kubernetesCa != null) {
      kubernetesCa.close();
    }
    if (local != null) {
      local.state().close();
    }
  }

  /** The local API's target, in local mode. */
  public Optional<LocalControl> local() {
    return Optional.ofNullable(local);
  }

  /** The Identity port actually bound (the real one when 0 was configured). */
  public int identityPort() {
    IdentityServer server = identityServer;
    if (server == null) {
      throw new IllegalStateException("the Identity service has not started");
    }
    return server.port();
  }

  /** Null when ready to certify; else why not. */
  public String notReadyReason() {
    if (identityServer == null) {
      return "the Identity service has not started";
    }
    if (ca.current().isEmpty()) {
      KubernetesCa source = kubernetesCa;
      return source == null ? "no CA loaded" : source.rejection();
    }
    return null;
  }

  private TokenVerifier startLocal(String trustDomain) {
    StateDirectory state = StateDirectory.open(Path.of(config.stateDir()));
    try {
      LocalCa localCa = LocalCa.open(state, trustDomain, clock, random, ca);
      BootstrapTokens tokens =
          new BootstrapTokens(LocalSecrets.tokenKey(state, random), clock, random);
      local =
          new LocalControl(
              state,
              localCa,
              tokens,
              LocalSecrets.adminToken(state, random),
              trustDomain,
              config.local().tokenTtl(),
              config.local().tokenMaxTtl());
      return tokens;
    } catch (RuntimeException e) {
      state.close(); // let a corrected restart take the lock at once
      throw e;
    }
  }

  private TokenVerifier startKubernetes() {
    KubernetesClient client = kubernetes.get();
    kubernetesCa =
        KubernetesCa.watch(
            client,
            config.namespace(),
            config.identity().issuerSecret(),
            config.identity().trustAnchorsConfigmap(),
            ca);
    return new TokenReviewVerifier(client, config.identity().audience());
  }
}
