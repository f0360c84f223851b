package dev.weft.controlplane.identity.serving;

import static java.util.Objects.requireNonNull;

import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.ca.CaCertificates;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CaSnapshot;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * The certificate the control plane's gRPC port serves: a leaf for the control plane's own
 * identity, issued by its own current issuer, so that proxies check it the way they check each
 * other (a chain to their trust anchors and an exact DNS SAN).
 *
 * <p>It lives like a workload's leaf ({@link CertificateAuthority#leafLifetime()}): renewed at 70%
 * of its life, and at once when the issuer changes (a root rotation's move-issuer, a new issuer
 * Secret), so that it always chains to a root the proxies are being told to trust. A renewal only
 * affects handshakes that start after it; established connections, and the Watch streams on them,
 * keep the session they negotiated.
 *
 * <p>Thread-safe: renewals run on one daemon thread; {@link #current()} reads a volatile snapshot.
 */
public final class ServingCertificate implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ServingCertificate.class);
  private static final double RENEW_AT = 0.7;
  private static final Duration MAX_RETRY = Duration.ofSeconds(10);

  /** What is served now, and the issuer that signed it (to notice an issuer change). */
  private record Served(X509Certificate leaf, X509Certificate issuer, Instant renewAt) {}

  private final IdentityName name;
  private final CaHolder ca;
  private final CertificateAuthority authority;
  private final Clock clock;
  private final SecureRandom random;
  private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("weft-serving-certificate").factory());
  private volatile Served served;
  private ScheduledFuture<?> next; // guarded by this

  private ServingCertificate(
      IdentityName name,
      CaHolder ca,
      CertificateAuthority authority,
      Clock clock,
      SecureRandom random) {
    this.name = requireNonNull(name, "name");
    this.ca = requireNonNull(ca, "ca");
    this.authority = requireNonNull(authority, "authority");
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
  }

  /**
   * Issues the first certificate now if an issuer is loaded (else as soon as one is published), and
   * keeps it renewed until {@link #close()}.
   */
  public static ServingCertificate start(
      IdentityName name,
      CaHolder ca,
      CertificateAuthority authority,
      Clock clock,
      SecureRandom random) {
    ServingCertificate serving = new ServingCertificate(name, ca, authority, clock, random);
    // First here, on the caller's thread: a control plane whose CA is already loaded opens its
    // port with a certificate in place.
    serving.renewIfIssuerChanged();
    ca.subscribe(snapshot -> {
      try {
        serving.scheduler.execute(serving::renewIfIssuerChanged);
      } catch (RejectedExecutionException closed) {
        // Closed with the control plane; the publisher must not fail for it.
      }
    });
    return serving;
  }

  /** The identity the certificate names. */
  public IdentityName name() {
    return name;
  }

  /** The leaf served now; empty until an issuer was loaded. */
  public Optional<X509Certificate> current() {
    Served s = served;
    return s == null ? Optional.empty() : Optional.of(s.leaf());
  }

  /**
   * The server context of the gRPC port: TLS 1.3, ALPN {@code h2}, no client certificate (a proxy
   * asking Certify has none yet).
   *
   * <p>Built once around a key manager whose credentials each renewal replaces. The JDK's TLS
   * engine asks the key manager for the alias, chain and key at every handshake, so a renewal
   * reaches the next handshake without rebuilding the context or restarting the server, and
   * connections already established are left alone. grpc-java 1.79 has no public hook to swap a
   * server's SslContext ({@code SslContextProviderSupplier} belongs to its xDS internals), and
   * {@code TlsServerCredentials} over the same {@link AdvancedTlsX509KeyManager} would not let us
   * require TLS 1.3; a context of our own over grpc's reloadable key manager gives both.
   */
  public SslContext serverContext() throws SSLException {
    return GrpcSslContexts.configure(SslContextBuilder.forServer(keyManager), SslProvider.JDK)
        .protocols("TLSv1.3")
        .clientAuth(ClientAuth.NONE)
        .build();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private synchronized void renewIfIssuerChanged() {
    Optional<CaSnapshot> snapshot = ca.current();
    Served s = served;
    if (snapshot.isPresent()
        && (s == null || !s.issuer().equals(snapshot.get().issuer().certificate()))) {
      renew();
    }
  }

  private synchronized void renew() {
    Optional<CaSnapshot> snapshot = ca.current();
    if (snapshot.isEmpty() || scheduler.isShutdown()) {
      return; // the first publish calls renewIfIssuerChanged
    }
    Duration delay;
    try {
      CaSnapshot current = snapshot.get();
      KeyPair keys = CaCertificates.newP256KeyPair(random);
      X509Certificate leaf = authority.issue(current.issuer(), name, keys.getPublic());
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(leaf);
      chain.addAll(current.issuer().chain());
      keyManager.updateIdentityCredentials(
          chain.toArray(X509Certificate[]::new), keys.getPrivate());
      Instant now = clock.instant();
      Instant notAfter = leaf.getNotAfter().toInstant();
      Duration life = Duration.between(now, notAfter);
      delay = life.isNegative() ? Duration.ZERO : multiply(life, RENEW_AT);
      Instant renewAt = now.plus(delay);
      served = new Served(leaf, current.issuer().certificate(), renewAt);
      LOG.infof(
          "gRPC serving certificate for %s: valid until %s, renewing at %s",
          name.name(), notAfter, renewAt);
    } catch (RuntimeException e) {
      // Keep serving what there is (until it expires) and try again soon.
      Served s = served;
      Duration left =
          s == null
              ? MAX_RETRY
              : Duration.between(clock.instant(), s.leaf().getNotAfter().toInstant()).dividedBy(2);
      delay = left.compareTo(MAX_RETRY) > 0 || left.isNegative() ? MAX_RETRY : left;
      LOG.errorf(
          e,
          "cannot issue the gRPC serving certificate for %s; retrying in %s",
          name.name(),
          delay);
    }
    if (next != null) {
      next.cancel(false);
    }
    try {
      next = scheduler.schedule(this::renew, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      next = null;
    }
  }

  private static Duration multiply(Duration d, double factor) {
    return Duration.ofMillis((long) (d.toMillis() * factor));
  }
}
