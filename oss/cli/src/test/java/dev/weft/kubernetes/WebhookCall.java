package dev.weft.kubernetes;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A POST to an admission webhook as kube-apiserver sends it: over HTTPS, trusting only the
 * webhook's {@code caBundle}, and accepting only a certificate for the Service's DNS name. The test
 * reaches the webhook on loopback, so the name is checked against the expected one rather than the
 * address connected to.
 */
final class WebhookCall {
  private WebhookCall() {}

  /** POSTs {@code body}; fails the handshake unless the chain and the DNS name both hold. */
  static HttpResponse<String> post(String caBundlePem, String dnsName, URI uri, String body)
      throws Exception {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(
        null, new X509ExtendedTrustManager[] {new ServiceNameTrust(caBundlePem, dnsName)}, null);
    try (HttpClient client =
        HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build()) {
      return client.send(
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** PKIX against the bundle alone, then the DNS SAN; the connection's host is not consulted. */
  private static final class ServiceNameTrust extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;
    private final String dnsName;

    ServiceNameTrust(String caBundlePem, String dnsName) throws Exception {
      KeyStore anchors = KeyStore.getInstance("PKCS12");
      anchors.load(null, null);
      Collection<? extends java.security.cert.Certificate> cas =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(caBundlePem.getBytes(StandardCharsets.US_ASCII)));
      if (cas.isEmpty()) {
        throw new IllegalArgumentException("caBundle holds no certificate: " + caBundlePem);
      }
      int i = 0;
      for (var ca : cas) {
        anchors.setCertificateEntry("ca" + i++, ca);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(anchors);
      this.pkix = (X509TrustManager) factory.getTrustManagers()[0];
      this.dnsName = dnsName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      pkix.checkServerTrusted(chain, authType);
      Collection<List<?>> names = chain[0].getSubjectAlternativeNames();
      boolean named =
          names != null
              && names.stream()
                  .anyMatch(n -> Objects.equals(n.get(0), 2) && dnsName.equals(n.get(1)));
      if (!named) {
        throw new CertificateException(
            "the webhook's certificate does not name " + dnsName + ": SANs " + names);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return pkix.getAcceptedIssuers();
    }
  }
}
