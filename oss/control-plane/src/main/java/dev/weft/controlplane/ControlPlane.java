package dev.weft.controlplane;

import dev.weft.controlplane.discovery.DestinationService;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.DiscoveryMetrics;
import dev.weft.controlplane.discovery.kubernetes.KubernetesDiscovery;
import dev.weft.controlplane.discovery.local.LocalRegistry;
import dev.weft.controlplane.identity.IdentityMetrics;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.IdentityService;
import dev.weft.controlplane.identity.TokenVerifier;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.controlplane.identity.kubernetes.KubernetesCa;
import dev.weft.controlplane.identity.kubernetes.TokenReviewVerifier;
import dev.weft.controlplane.identity.kubernetes.TrustAnchorsMirror;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Assembles the control plane for its mode and ties it to the Quarkus lifecycle. The order matters:
 * the CA material is loaded (and, in local mode, the state directory locked) before the Identity
 * port opens, so no Certify ever finds the CA half-built. Discovery's source starts before the port
 * opens too; until it has loaded, Watch answers UNAVAILABLE as the contract says.
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
  private volatile TrustAnchorsMirror trustAnchorsMirror;
  private final DiscoveryIndex discovery = new DiscoveryIndex();
  private final ExecutorService discoveryExecutor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile LocalRegistry localRegistry;
  private volatile KubernetesDiscovery kubernetesDiscovery;
  private volatile GrpcServer grpcServer;

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
    switch (config.mode()) {
      case LOCAL -> startRegistry();
      case KUBERNETES ->
          kubernetesDiscovery =
              KubernetesDiscovery.start(
                  kubernetes.get(), discovery, config.discovery().clusterDomain(), trustDomain);
    }
    DestinationService destination =
        new DestinationService(
            discovery,
            new DiscoveryMetrics(registry, discovery, () -> discoveryErrors().size()),
            discoveryExecutor);
    grpcServer = GrpcServer.start(config.bind(), config.identity().port(), service, destination);
    LOG.infof(
        // "Identity gRPC listening on HOST:PORT" is what launchers and tests look for: keep it.
        "Weft control plane (%s mode, trust domain %s, leaf lifetime %s): Identity gRPC listening on"
            + " %s:%d (Destination on the same port)%s",
        config.mode().name().toLowerCase(),
        trustDomain,
        config.identity().leafLifetime(),
        config.bind(),
        grpcServer.port(),
        local == null ? "" : ", state directory " + local.state().root());
  }

  void stop(@Observes ShutdownEvent event) {
    if (grpcServer != null) {
      grpcServer.close();
    }
    discoveryExecutor.shutdownNow();
    if (localRegistry != null) {
      localRegistry.close();
    }
    if (kubernetesDiscovery != null) {
      kubernetesDiscovery.close();
    }
    if (kubernetesCa != null) {
      kubernetesCa.close();
    }
    if (trustAnchorsMirror != null) {
      trustAnchorsMirror.close();
    }
    if (local != null) {
      local.state().close();
    }
  }

  /** The local API's target, in local mode. */
  public Optional<LocalControl> local() {
    return Optional.ofNullable(local);
  }

  /** Local mode's registry file, in local mode. */
  public Optional<LocalRegistry> registry() {
    return Optional.ofNullable(localRegistry);
  }

  /** What discovery knows, for status and tests. */
  public DiscoveryIndex discovery() {
    return discovery;
  }

  /** The errors discovery's source reports now: bad registry lines, skipped routes. */
  public List<String> discoveryErrors() {
    LocalRegistry file = localRegistry;
    if (file != null) {
      return file.status().errors().stream().map(Object::toString).toList();
    }
    KubernetesDiscovery cluster = kubernetesDiscovery;
    return cluster == null ? List.of() : cluster.errors();
  }

  /**
   * The gRPC port (Identity and Destination) actually bound (the real one when 0 was configured).
   */
  public int identityPort() {
    GrpcServer server = grpcServer;
    if (server == null) {
      throw new IllegalStateException("the Identity service has not started");
    }
    return server.port();
  }

  /** Null when ready to certify; else why not. */
  public String notReadyReason() {
    if (grpcServer == null) {
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

  private void startRegistry() {
    try {
      localRegistry = LocalRegistry.start(local.state().root(), discovery);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot watch " + local.state().resolve(LocalRegistry.FILE) + ": " + e.getMessage(), e);
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
    trustAnchorsMirror =
        TrustAnchorsMirror.start(
            client, config.namespace(), config.identity().trustAnchorsConfigmap());
    return new TokenReviewVerifier(client, config.identity().audience());
  }
}
