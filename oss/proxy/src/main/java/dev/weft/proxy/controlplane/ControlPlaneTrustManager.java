package dev.weft.proxy.controlplane;

import dev.weft.proxy.identity.TrustBundle;
import dev.weft.proxy.tls.MeshTrustManager;
import dev.weft.proxy.tls.PeerCertificateException;
import dev.weft.proxy.tls.PeerIdentity;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts only the control plane: a chain to the trust anchors whose leaf names exactly the
 * configured identity (its DNS SAN), whatever host or address the connection was made to.
 *
 * <p>The trust anchors file is read again at every handshake when its content changed (handshakes
 * to the control plane are rare: one per Certify, one per Destination connection), so a root
 * rotation reaches these connections as it reaches mesh traffic; a file that became unreadable or
 * bad keeps the previous roots. Refusals are {@link PeerCertificateException}s whose message names
 * the expected and the presented identity. Thread-safe.
 */
final class ControlPlaneTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = Logger.getLogger(ControlPlaneTrustManager.class.getName());

  private final String expected;
  private final Path file;
  private final MeshTrustManager mesh;
  private volatile TrustBundle bundle;
  private volatile String lastProblem;

  /** Reads the trust anchors now: a bad file is an {@link IllegalArgumentException}. */
  ControlPlaneTrustManager(String expected, Path file, Clock clock) {
    this.expected = Objects.requireNonNull(expected, "expected");
    this.file = Objects.requireNonNull(file, "file");
    this.bundle = TrustBundle.read(file);
    this.mesh = new MeshTrustManager(() -> bundle.roots(), clock);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("the control plane connection accepts no clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("the control plane connection accepts no clients");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("the control plane connection accepts no clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return bundle.roots().certificates().toArray(X509Certificate[]::new);
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    reload();
    String presented = chain == null || chain.length == 0 ? null : PeerIdentity.dnsName(chain[0]);
    try {
      mesh.checkServer(chain, expected);
    } catch (PeerCertificateException e) {
      String message =
          switch (e.reason()) {
            case IDENTITY_MISMATCH ->
                "the control plane presented identity "
                    + presented
                    + " (expected: "
                    + expected
                    + ", --control-plane-identity)";
            case EXPIRED ->
                "the control plane's certificate (identity "
                    + presented
                    + ", expected "
                    + expected
                    + ") is expired or not yet valid: "
                    + e.getMessage();
            default ->
                "the control plane's certificate (identity "
                    + presented
                    + ", expected "
                    + expected
                    + ") does not chain to a trust anchor of "
                    + file
                    + ": "
                    + e.getMessage();
          };
      throw new PeerCertificateException(e.reason(), message, e);
    }
  }

  private void reload() {
    try {
      byte[] content = TrustBundle.readBytes(file);
      if (!bundle.sameContent(TrustBundle.digest(content))) {
        bundle = TrustBundle.parse(file, content);
      }
      lastProblem = null;
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().equals(lastProblem)) {
        lastProblem = e.getMessage();
        LOG.severe(
            () -> e.getMessage() + "; the control plane is checked against the previous roots");
      }
    }
  }
}
