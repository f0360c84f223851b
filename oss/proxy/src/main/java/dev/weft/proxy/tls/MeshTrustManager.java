package dev.weft.proxy.tls;

import java.net.Socket;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Validates mesh peers: the chain must lead (PKIX, no revocation) to one of the current trust roots
 * and the leaf must name an identity (a DNS SAN). On the client side the leaf's identity must also
 * equal exactly the host the handler was created with, which is the identity the caller expects.
 *
 * <p>The roots are read from {@code roots} on every handshake, so a reloaded trust bundle applies
 * to contexts built before it. Thread-safe. Refusals are {@link PeerCertificateException}s naming
 * the reason.
 */
public final class MeshTrustManager extends X509ExtendedTrustManager {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final Supplier<TrustRoots> roots;
  private final Clock clock;

  public MeshTrustManager(Supplier<TrustRoots> roots, Clock clock) {
    this.roots = Objects.requireNonNull(roots, "roots");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    validate(chain, CLIENT_AUTH);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    validate(chain, CLIENT_AUTH);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    validate(chain, CLIENT_AUTH);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServer(chain, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    String expected = null;
    if (socket instanceof SSLSocket ssl && ssl.getHandshakeSession() != null) {
      expected = ssl.getHandshakeSession().getPeerHost();
    }
    checkServer(chain, expected);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    checkServer(chain, null);
  }

  /**
   * None advertised: a client whose chain leads elsewhere must still send it, so that the refusal
   * is about its chain (untrusted) and not a missing certificate; and during a root rotation a
   * client never withholds a certificate the server would in fact accept.
   */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  /**
   * Checks a server's chain against the roots and its identity against {@code expected}, for
   * callers that know the identity they expect other than as the handshake's peer host.
   */
  public void checkServer(X509Certificate[] chain, String expected) throws CertificateException {
    String identity = validate(chain, SERVER_AUTH);
    if (expected == null) {
      // Without an expected identity any mesh member would do: refuse rather than guess.
      throw new PeerCertificateException(
          TlsFailureReason.IDENTITY_MISMATCH,
          "server identity " + identity + " not checked: no expected identity given");
    }
    if (!identity.equals(expected)) {
      throw new PeerCertificateException(
          TlsFailureReason.IDENTITY_MISMATCH,
          "server identity " + identity + " (expected: " + expected + ")");
    }
  }

  /** Validates the chain for the given extended key usage and returns the leaf's identity. */
  private String validate(X509Certificate[] chain, String purpose) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new PeerCertificateException(
          purpose.equals(CLIENT_AUTH)
              ? TlsFailureReason.NO_CLIENT_CERTIFICATE
              : TlsFailureReason.UNTRUSTED,
          "peer sent no certificate");
    }
    TrustRoots current = roots.get();
    List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
    // A peer may append a root; the path handed to PKIX must stop below the anchor.
    while (!path.isEmpty() && current.isRoot(path.getLast())) {
      path.removeLast();
    }
    if (path.isEmpty()) {
      throw new PeerCertificateException(
          TlsFailureReason.UNTRUSTED, "peer presented a trust root as its own certificate");
    }
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(current.anchors());
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
    } catch (CertPathValidatorException e) {
      boolean expired =
          e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID;
      throw new PeerCertificateException(
          expired ? TlsFailureReason.EXPIRED : TlsFailureReason.UNTRUSTED,
          describe(chain[0]) + ": " + e.getMessage(),
          e);
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
      throw new CertificateException("PKIX validation unavailable: " + e.getMessage(), e);
    }
    X509Certificate leaf = chain[0];
    String identity = PeerIdentity.dnsName(leaf);
    if (identity == null) {
      throw new PeerCertificateException(
          TlsFailureReason.UNTRUSTED, describe(leaf) + ": no DNS SAN naming an identity");
    }
    List<String> usages;
    try {
      usages = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new PeerCertificateException(
          TlsFailureReason.UNTRUSTED, describe(leaf) + ": unreadable extended key usage", e);
    }
    if (usages != null && !usages.contains(purpose)) {
      throw new PeerCertificateException(
          TlsFailureReason.UNTRUSTED,
          describe(leaf)
              + ": not usable for "
              + (purpose.equals(SERVER_AUTH) ? "serverAuth" : "clientAuth"));
    }
    return identity;
  }

  private static String describe(X509Certificate certificate) {
    return "peer certificate " + certificate.getSubjectX500Principal().getName();
  }
}
