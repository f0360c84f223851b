package dev.weft.controlplane;

import dev.weft.controlplane.discovery.DefaultBalancers;
import dev.weft.controlplane.discovery.DestinationService;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.DiscoveryMetrics;
import dev.weft.controlplane.discovery.kubernetes.KubernetesDiscovery;
import dev.weft.controlplane.discovery.local.LocalRegistry;
import dev.weft.controlplane.extension.ControlPlaneExtensions;
import dev.weft.controlplane.extension.ExtensionContext;
import dev.weft.controlplane.extension.ExtensionStatuses;
import dev.weft.controlplane.fleet.Fleet;
import dev.weft.controlplane.fleet.FleetInventory;
import dev.weft.controlplane.fleet.FleetMetrics;
import dev.weft.controlplane.fleet.IdentityProofCheck;
import dev.weft.controlplane.fleet.InventoryMetrics;
import dev.weft.controlplane.fleet.InventoryService;
import dev.weft.controlplane.fleet.ProxyPod;
import dev.weft.controlplane.fleet.RegistryFleet;
import dev.weft.controlplane.fleet.SelfComponent;
import dev.weft.controlplane.identity.IdentityMetrics;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.IdentityService;
import dev.weft.controlplane.identity.TokenVerifier;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CaSnapshot;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.controlplane.identity.kubernetes.KubernetesCa;
import dev.weft.controlplane.identity.kubernetes.TokenReviewVerifier;
import dev.weft.controlplane.identity.kubernetes.TrustAnchorsMirror;
import dev.weft.controlplane.identity.local.BootstrapTokens;
import dev.weft.controlplane.identity.local.LocalCa;
import dev.weft.controlplane.identity.serving.SelfName;
import dev.weft.controlplane.identity.serving.ServingCertificate;
import dev.weft.controlplane.inject.ProxyEnvironment;
import dev.weft.controlplane.local.LocalControl;
import dev.weft.controlplane.local.LocalSecrets;
import dev.weft.controlplane.local.StateDirectory;
import dev.weft.controlplane.sbom.EmbeddedSbom;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
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
import javax.net.ssl.SSLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
  private final DefaultBalancers defaultBalancers = new DefaultBalancers(discovery);
  private final ProxyEnvironment proxyEnvironment;
  private final ExecutorService discoveryExecutor = Executors.newVirtualThreadPerTaskExecutor();
  private volatile LocalRegistry localRegistry;
  private volatile KubernetesDiscovery kubernetesDiscovery;
  private volatile GrpcServer grpcServer;
  private volatile ServingCertificate serving;
  private final ExtensionStatuses extensionStatuses = new ExtensionStatuses();
  private volatile ControlPlaneExtensions extensions;
  private final EmbeddedSbom sbom;
  private final String version;
  private volatile FleetInventory inventory;

  ControlPlane(
      ControlPlaneConfig config,
      MeterRegistry registry,
      Instance<KubernetesClient> kubernetes,
      ProxyEnvironment proxyEnvironment,
      EmbeddedSbom sbom,
      @ConfigProperty(name = "quarkus.application.version") String version) {
    this.config = config;
    this.registry = registry;
    this.kubernetes = kubernetes;
    this.proxyEnvironment = proxyEnvironment;
    this.sbom = sbom;
    this.version = version;
  }

  void start(@Observes StartupEvent event) {
    String trustDomain = IdentityName.validateTrustDomain(config.identity().trustDomain());
    TokenVerifier tokens =
        switch (config.mode()) {
          case LOCAL -> startLocal(trustDomain);
          case KUBERNETES -> startKubernetes();
        };
    CertificateAuthority authority =
        new CertificateAuthority(clock, random, config.identity().leafLifetime());
    IdentityService service =
        new IdentityService(trustDomain, tokens, ca, authority, new IdentityMetrics(registry, ca));
    switch (config.mode()) {
      case LOCAL -> startRegistry();
      case KUBERNETES ->
          kubernetesDiscovery =
              KubernetesDiscovery.start(
                  kubernetes.get(), discovery, config.discovery().clusterDomain(), trustDomain);
    }
    new FleetMetrics(registry, this::fleet);
    inventory = startInventory(trustDomain);
    DestinationService destination =
        new DestinationService(
            discovery,
            defaultBalancers,
            new DiscoveryMetrics(registry, discovery, () -> discoveryErrors().size()),
            discoveryExecutor);
    grpcServer =
        GrpcServer.start(
            config.bind(),
            config.identity().port(),
            serverTls(trustDomain, authority),
            service,
            destination,
            new InventoryService(
                inventory,
                new InventoryMetrics(registry, inventory),
                new IdentityProofCheck(
                    () -> ca.current().map(CaSnapshot::roots).orElse(List.of()), clock)));
    LOG.infof(
        // "Identity gRPC listening on HOST:PORT" is what launchers and tests look for: keep it.
        "Weft control plane (%s mode, trust domain %s, leaf lifetime %s): Identity gRPC listening on"
            + " %s:%d (Destination on the same port; %s)%s",
        config.mode().name().toLowerCase(),
        trustDomain,
        config.identity().leafLifetime(),
        config.bind(),
        grpcServer.port(),
        serving == null ? "plaintext" : "TLS as " + serving.name().name(),
        local == null ? "" : ", state directory " + local.state().root());
    boolean cluster = config.mode() == ControlPlaneConfig.Mode.KUBERNETES;
    extensions =
        ControlPlaneExtensions.start(
            new ExtensionContext(
                config.mode().name().toLowerCase(),
                cluster ? config.namespace() : SelfName.LOCAL_NAMESPACE,
                () -> fleet().meshedWorkloads(),
                registry,
                cluster ? kubernetes.get() : null,
                extensionStatuses,
                defaultBalancers,
                proxyEnvironment));
  }

  /** The gRPC port's TLS context, or null (with a warning) when {@code weft.grpc.tls} is false. */
  private SslContext serverTls(String trustDomain, CertificateAuthority authority) {
    if (!config.grpc().tls()) {
      LOG.warn(
          "weft.grpc.tls=false: the gRPC port (Identity, Destination) serves plaintext h2c, so"
              + " proxies' tokens and discovery data cross the network in clear and proxies cannot"
              + " tell this control plane from an impostor; use it only for proxies without"
              + " --control-plane-identity");
      return null;
    }
    String namespace =
        config.mode() == ControlPlaneConfig.Mode.KUBERNETES
            ? config.namespace()
            : SelfName.LOCAL_NAMESPACE;
    serving =
        ServingCertificate.start(
            SelfName.resolve(config.identity().selfName(), namespace, trustDomain),
            ca,
            authority,
            clock,
            random);
    try {
      return serving.serverContext();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the gRPC port's TLS context: " + e, e);
    }
  }

  void stop(@Observes ShutdownEvent event) {
    if (extensions != null) {
      extensions.close();
    }
    if (grpcServer != null) {
      grpcServer.close();
    }
    if (serving != null) {
      serving.close();
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

  /** The certificate the gRPC port serves, unless {@code weft.grpc.tls} is false. */
  public Optional<ServingCertificate> serving() {
    return Optional.ofNullable(serving);
  }

  /** The local API's target, in local mode. */
  public Optional<LocalControl> local() {
    return Optional.ofNullable(local);
  }

  /** Local mode's registry file, in local mode. */
  public Optional<LocalRegistry> registry() {
    return Optional.ofNullable(localRegistry);
  }

  /**
   * The meshed pods and workloads now: from the pods' proxy annotation in kubernetes mode, from the
   * registry's endpoints with an identity in local mode.
   */
  public Fleet fleet() {
    KubernetesDiscovery cluster = kubernetesDiscovery;
    return cluster != null ? cluster.fleet() : RegistryFleet.of(discovery);
  }

  /** The inventory of running components, fed by the Inventory gRPC service. */
  public FleetInventory inventory() {
    FleetInventory fleetInventory = inventory;
    if (fleetInventory == null) {
      throw new IllegalStateException("the fleet inventory has not started");
    }
    return fleetInventory;
  }

  private FleetInventory startInventory(String trustDomain) {
    String namespace =
        config.mode() == ControlPlaneConfig.Mode.KUBERNETES
            ? config.namespace()
            : SelfName.LOCAL_NAMESPACE;
    SelfComponent self =
        SelfComponent.describe(
            ControlPlane.class,
            version,
            SelfName.resolve(config.identity().selfName(), namespace, trustDomain).name(),
            namespace,
            sbom.json());
    return new FleetInventory(
        clock,
        config.fleet().heartbeatInterval(),
        config.mode().name().toLowerCase(),
        self,
        this::proxyPods);
  }

  private List<ProxyPod> proxyPods() {
    KubernetesDiscovery cluster = kubernetesDiscovery;
    return cluster == null ? List.of() : cluster.proxyPods();
  }

  /** The status documents control-plane extensions publish at {@code /v1/extensions/NAME}. */
  public ExtensionStatuses extensionStatuses() {
    return extensionStatuses;
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
    ServingCertificate tls = serving;
    if (tls != null && tls.current().isEmpty()) {
      return "the gRPC port has no serving certificate for " + tls.name().name() + " yet";
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
