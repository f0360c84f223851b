package dev.weft.controlplane.inject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Posts AdmissionReviews over HTTPS, trusting only the given certificates; a new TLS session each
 * time.
 */
final class WebhookClient {
  private WebhookClient() {}

  static HttpResponse<String> post(int port, String body, X509Certificate... trusted)
      throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < trusted.length; i++) {
      store.setCertificateEntry("trusted-" + i, trusted[i]);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    try (HttpClient client = HttpClient.newBuilder().sslContext(tls).build()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/inject"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  /** An AdmissionReview v1 for creating {@code podJson} in {@code namespace}. */
  static String review(String uid, String namespace, String podJson) {
    return """
    {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
     "request": {"uid": "%s", "kind": {"group": "", "version": "v1", "kind": "Pod"},
                 "resource": {"group": "", "version": "v1", "resource": "pods"},
                 "operation": "CREATE", "namespace": "%s", "object": %s}}
    """
        .formatted(uid, namespace, podJson);
  }
}
