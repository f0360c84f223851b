package dev.weft.proxy.identity;

import dev.weft.proxy.controlplane.Backoff;
import dev.weft.proxy.controlplane.ControlPlaneChannels;
import dev.weft.proxy.tls.MeshTrustManager;
import dev.weft.proxy.tls.TlsContexts;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;

/**
 * The proxy's workload identity: a key pair that never leaves memory, a certificate for it from the
 * control plane, kept renewed, and the trust bundle peers are checked against, kept current.
 *
 * <p>Certification runs in the background: at start, then 70% of the way from each certificate's
 * arrival to its expiry, and after a failure with exponential backoff (1 s doubling to 60 s,
 * jittered, always leaving an attempt before the certificate expires). A working certificate is
 * never dropped: a failed renewal keeps it until it expires. The trust bundle is re-read every
 * {@code trustReloadInterval} when its content changed; a bad file keeps the previous bundle.
 *
 * <p>Thread-safe: readers see immutable snapshots ({@link #contexts()}, {@link #chain()}) that are
 * replaced atomically whenever the certificate or the trust bundle changes. No method blocks.
 */
public final class WorkloadIdentity implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkloadIdentity.class.getName());
  private static final Duration CERTIFY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MIN_RETRY = Duration.ofMillis(100);

  /** What the data path reads: the certificate and the contexts built from it, swapped together. */
  private record Current(IssuedCertificate certificate, TlsContexts contexts) {}

  private final IdentityConfig config;
  private final Clock clock;
  private final RefreshScheduler scheduler;
  private final Certifier certifier;
  private final Backoff backoff;
  private final KeyPair keyPair;
  private final byte[] csr;
  private final MeshTrustManager trustManager;
  private final IdentityMetrics metrics;

  // Waiting for the first certificate; guarded by this.
  private final List<Runnable> untilCertified = new ArrayList<>();
  private volatile TrustBundle bundle;
  private volatile Current current;
  private volatile boolean closed;
  // Refresh-loop state, touched by the scheduler's thread only.
  private String lastTrustProblem;

  private WorkloadIdentity(
      IdentityConfig config,
      ControlPlaneChannels channels,
      MeterRegistry registry,
      Clock clock,
      RefreshScheduler scheduler,
      RandomGenerator random) {
    this.config = config;
    this.clock = clock;
    this.scheduler = scheduler;
    this.bundle = TrustBundle.read(config.trustAnchors());
    this.keyPair = generateKeyPair();
    this.csr = SigningRequest.create(config.name(), keyPair);
    this.trustManager = new MeshTrustManager(() -> bundle.roots(), clock);
    this.backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), random);
    this.certifier = new Certifier(config.controlPlane(), channels, CERTIFY_TIMEOUT);
    this.metrics =
        new IdentityMetrics(
            registry,
            () -> {
              Current c = current;
              return c == null ? 0 : c.certificate().notAfter().getEpochSecond();
            },
            () -> bundle.roots().certificates().size());
  }

  /**
   * Validates the config (an {@link IllegalArgumentException} names the bad field or file), loads
   * the trust bundle, and starts certifying in the background. Never blocks on the network.
   */
  public static WorkloadIdentity start(IdentityConfig config, MeterRegistry registry) {
    return start(config, ControlPlaneChannels.plaintext(), registry);
  }

  /**
   * As {@link #start(IdentityConfig, MeterRegistry)}, reaching the control plane by {@code
   * channels}.
   */
  public static WorkloadIdentity start(
      IdentityConfig config, ControlPlaneChannels channels, MeterRegistry registry) {
    return start(
        config,
        channels,
        registry,
        Clock.systemUTC(),
        RefreshScheduler.daemon("weft-identity"),
        new SecureRandom());
  }

  static WorkloadIdentity start(
      IdentityConfig config,
      MeterRegistry registry,
      Clock clock,
      RefreshScheduler scheduler,
      RandomGenerator random) {
    return start(config, ControlPlaneChannels.plaintext(), registry, clock, scheduler, random);
  }

  static WorkloadIdentity start(
      IdentityConfig config,
      ControlPlaneChannels channels,
      MeterRegistry registry,
      Clock clock,
      RefreshScheduler scheduler,
      RandomGenerator random) {
    Objects.requireNonNull(config, "config").validate();
    Objects.requireNonNull(channels, "channels");
    Objects.requireNonNull(registry, "registry");
    if (!channels.tls()) {
      LOG.warning(() ->
          "identity "
              + config.name()
              + ": the control plane at "
              + config.controlPlane()
              + " is reached in plaintext: the token crosses the network in clear and the"
              + " control plane is not authenticated (set --control-plane-identity)");
    }
    WorkloadIdentity identity;
    try {
      identity = new WorkloadIdentity(config, channels, registry, clock, scheduler, random);
    } catch (RuntimeException e) {
      scheduler.close();
      throw e;
    }
    scheduler.schedule(Duration.ZERO, identity::certify);
    scheduler.schedule(config.trustReloadInterval(), identity::reloadTrust);
    return identity;
  }

  public String name() {
    return config.name();
  }

  /** Whether the proxy holds a certificate that has not expired. */
  public boolean ready() {
    Current c = current;
    return c != null && clock.instant().isBefore(c.certificate().notAfter());
  }

  /**
   * The current contexts: null until the first certificate arrives; after that the newest, which
   * stays in place (even past its expiry) until a renewal replaces it.
   */
  public TlsContexts contexts() {
    Current c = current;
    return c == null ? null : c.contexts();
  }

  /** The current leaf and its intermediates (empty until the first certificate). */
  public List<X509Certificate> chain() {
    Current c = current;
    return c == null ? List.of() : c.certificate().chain();
  }

  /** The roots of the current trust bundle. */
  public List<X509Certificate> trustAnchors() {
    return bundle.roots().certificates();
  }

  /** The key pair's public half (the private half never leaves this object). */
  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /**
   * Runs {@code listener} once, when the first certificate is installed (on the identity's thread),
   * or at once when there is one already. It must not block.
   */
  public void whenCertified(Runnable listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (this) {
      if (current == null) {
        untilCertified.add(listener);
        return;
      }
    }
    listener.run();
  }

  /** A signature by this identity's key, and the certificate chain that names the key. */
  public record Signed(List<X509Certificate> chain, byte[] signature) {}

  /**
   * Signs {@code data} with the identity's key ({@code algorithm}, a JCA name such as {@code
   * SHA256withECDSA}); empty until the first certificate arrives.
   */
  public Optional<Signed> sign(String algorithm, byte[] data) {
    Current c = current;
    if (c == null) {
      return Optional.empty();
    }
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(keyPair.getPrivate());
      signature.update(data);
      return Optional.of(new Signed(c.certificate().chain(), signature.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot sign with " + algorithm + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closed = true;
    scheduler.close();
    certifier.close();
    metrics.remove();
  }

  private void certify() {
    if (closed) {
      return;
    }
    Duration next;
    try {
      IssuedCertificate issued =
          certifier.certify(
              config.name(), TokenFile.read(config.tokenFile()), csr, keyPair.getPublic());
      Instant receivedAt = clock.instant();
      install(issued);
      metrics.refreshed();
      backoff.reset();
      Instant renewAt = issued.renewAt(receivedAt);
      next = durationUntil(renewAt);
      LOG.info(() ->
          "identity "
              + config.name()
              + ": certified until "
              + issued.notAfter()
              + ", renewing at "
              + renewAt);
      List<Runnable> waiting;
      synchronized (this) {
        waiting = List.copyOf(untilCertified);
        untilCertified.clear();
      }
      for (Runnable listener : waiting) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING, "identity " + config.name() + ": a certificate listener failed", e);
        }
      }
    } catch (CertifyException | SSLException e) {
      metrics.refreshFailed();
      next = retryDelay();
      logFailure(e.getMessage(), next);
    } catch (RuntimeException e) {
      // Not an expected failure mode; still retried, since stopping would let the cert expire.
      metrics.refreshFailed();
      next = retryDelay();
      LOG.log(Level.SEVERE, "identity " + config.name() + ": certification failed", e);
    }
    if (!closed) {
      scheduler.schedule(next, this::certify);
    }
  }

  private void logFailure(String problem, Duration retryIn) {
    Current c = current;
    String holding =
        c == null
            ? "no certificate yet"
            : clock.instant().isBefore(c.certificate().notAfter())
                ? "keeping the certificate valid until " + c.certificate().notAfter()
                : "the certificate expired at " + c.certificate().notAfter();
    LOG.warning(() ->
        "identity "
            + config.name()
            + ": "
            + problem
            + "; retrying in "
            + retryIn.toMillis()
            + " ms ("
            + holding
            + ")");
  }

  /** Backoff, but shortened so that another attempt still falls before the certificate expires. */
  private Duration retryDelay() {
    Duration delay = backoff.next();
    Current c = current;
    if (c != null) {
      Duration left = durationUntil(c.certificate().notAfter());
      if (!left.isZero()) {
        Duration half = left.dividedBy(2);
        if (half.compareTo(delay) < 0) {
          delay = half.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : half;
        }
      }
    }
    return delay;
  }

  private void reloadTrust() {
    if (closed) {
      return;
    }
    try {
      byte[] content = TrustBundle.readBytes(config.trustAnchors());
      if (!bundle.sameContent(TrustBundle.digest(content))) {
        TrustBundle fresh = TrustBundle.parse(config.trustAnchors(), content);
        bundle = fresh;
        rebuildContexts();
        LOG.info(() ->
            "identity "
                + config.name()
                + ": trust anchors "
                + config.trustAnchors()
                + " reloaded ("
                + fresh.roots().certificates().size()
                + " roots)");
      }
      lastTrustProblem = null;
    } catch (IllegalArgumentException e) {
      // Checked every interval: report a problem once, not once per check.
      if (!e.getMessage().equals(lastTrustProblem)) {
        lastTrustProblem = e.getMessage();
        LOG.severe(() ->
            e.getMessage()
                + "; keeping the previous bundle ("
                + bundle.roots().certificates().size()
                + " roots)");
      }
    } catch (SSLException e) {
      LOG.log(Level.SEVERE, "identity " + config.name() + ": cannot rebuild TLS contexts", e);
    }
    if (!closed) {
      scheduler.schedule(config.trustReloadInterval(), this::reloadTrust);
    }
  }

  private synchronized void install(IssuedCertificate issued) throws SSLException {
    current = new Current(issued, build(issued));
  }

  private synchronized void rebuildContexts() throws SSLException {
    Current c = current;
    if (c != null) {
      current = new Current(c.certificate(), build(c.certificate()));
    }
  }

  private TlsContexts build(IssuedCertificate issued) throws SSLException {
    return TlsContexts.create(keyPair.getPrivate(), issued.chain(), trustManager);
  }

  private Duration durationUntil(Instant when) {
    Duration d = Duration.between(clock.instant(), when);
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static KeyPair generateKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("ECDSA P-256 is required of every JDK", e);
    }
  }
}
