package dev.weft.controlplane;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** The control plane's configuration ({@code weft.*}); each key is also a launcher flag. */
@ConfigMapping(prefix = "weft")
public interface ControlPlaneConfig {
  /** Where the CA material and tokens come from. */
  enum Mode {
    /** A state directory on disk; bootstrap tokens minted by the local API. */
    LOCAL,
    /**
     * An issuer Secret and trust-anchors ConfigMap; ServiceAccount tokens checked by TokenReview.
     */
    KUBERNETES
  }

  /** {@code --mode}: local or kubernetes. */
  @WithDefault("local")
  Mode mode();

  /** {@code --state-dir}: local mode's state directory. */
  @WithName("state-dir")
  @WithDefault("${user.home}/.weft/control-plane")
  String stateDir();

  /** {@code --bind}: the address of both the HTTP and the Identity listeners. */
  @WithDefault("127.0.0.1")
  String bind();

  /** Kubernetes mode: the namespace of the issuer Secret and trust-anchors ConfigMap. */
  @WithDefault("weft")
  String namespace();

  Identity identity();

  Local local();

  Discovery discovery();

  InjectorWebhook injector();

  Grpc grpc();

  @WithName("fleet")
  FleetSettings fleet();

  /** {@code weft.fleet.*}: the inventory of running components. */
  interface FleetSettings {
    /** How often components are asked to report (whole seconds, 1s..1h). */
    @WithName("heartbeat-interval")
    @WithDefault("30s")
    Duration heartbeatInterval();
  }

  /** {@code weft.identity.*}. */
  interface Identity {
    /** {@code --identity-port}: the gRPC port of Identity and Destination; 0 picks a free one. */
    @WithDefault("8090")
    int port();

    /** {@code --trust-domain}. */
    @WithName("trust-domain")
    @WithDefault("cluster.local")
    String trustDomain();

    /** {@code --leaf-lifetime}: how long a workload certificate is valid. */
    @WithName("leaf-lifetime")
    @WithDefault("24h")
    Duration leafLifetime();

    /** Kubernetes mode: the Secret holding the issuer ({@code tls.crt}, {@code tls.key}). */
    @WithName("issuer-secret")
    @WithDefault("weft-identity-issuer")
    String issuerSecret();

    /** Kubernetes mode: the ConfigMap holding the trust bundle ({@code ca-bundle.crt}). */
    @WithName("trust-anchors-configmap")
    @WithDefault("weft-identity-trust-anchors")
    String trustAnchorsConfigmap();

    /** Kubernetes mode: the audience a proxy's ServiceAccount token must be minted for. */
    @WithDefault("identity.weft.dev")
    String audience();

    /**
     * The control plane's own identity, which its gRPC port's certificate names; default {@code
     * weft-control-plane.NAMESPACE.serviceaccount.identity.weft.TRUST_DOMAIN} (namespace {@code
     * weft} in local mode).
     */
    @WithName("self-name")
    Optional<String> selfName();
  }

  /** {@code weft.grpc.*}. */
  interface Grpc {
    /**
     * Whether the gRPC port serves TLS with the control plane's own certificate; false keeps
     * plaintext h2c for proxies that cannot verify it.
     */
    @WithDefault("true")
    boolean tls();
  }

  /** {@code weft.local.*}. */
  interface Local {
    /** Lifetime of a bootstrap token when the request names none. */
    @WithName("token-ttl")
    @WithDefault("720h")
    Duration tokenTtl();

    /** The longest lifetime a bootstrap token may be given. */
    @WithName("token-max-ttl")
    @WithDefault("8760h")
    Duration tokenMaxTtl();
  }

  /** {@code weft.discovery.*}. */
  interface Discovery {
    /** {@code --cluster-domain}: Kubernetes mode: services are {@code svc.ns.svc.DOMAIN:port}. */
    @WithName("cluster-domain")
    @WithDefault("cluster.local")
    String clusterDomain();
  }

  /** {@code weft.injector.*}: the sidecar injector's admission webhook. */
  interface InjectorWebhook {
    /** Whether the webhook's HTTPS port is opened. */
    @WithDefault("false")
    boolean enabled();

    /** The HTTPS port of {@code POST /inject}; 0 picks a free one. */
    @WithDefault("8443")
    int port();

    /** PEM certificate chain the webhook serves (re-read when it changes). */
    @WithName("tls-cert")
    @WithDefault("/var/run/weft/injector/tls.crt")
    String tlsCert();

    /** PEM private key of {@code tls-cert} (re-read when it changes). */
    @WithName("tls-key")
    @WithDefault("/var/run/weft/injector/tls.key")
    String tlsKey();

    /** How often the certificate files are checked for a change. */
    @WithName("tls-reload-interval")
    @WithDefault("10s")
    Duration tlsReloadInterval();

    /** proxy.json; absent (or a missing file) means every default. */
    Optional<String> config();
  }
}
