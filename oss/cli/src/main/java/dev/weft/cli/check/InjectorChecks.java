package dev.weft.cli.check;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The proxy injector's webhook: registered, pointing at the control plane, and trusted by the API
 * server (its caBundle signs the serving certificate in Secret weft-proxy-injector-tls).
 */
final class InjectorChecks {
  static final String WEBHOOK = "weft-proxy-injector";
  static final String TLS_SECRET = "weft-proxy-injector-tls";
  static final Duration MARGIN = Duration.ofDays(30);

  private InjectorChecks() {}

  static CheckGroup run(KubernetesClient client, String ns, Instant now) {
    CheckGroup group = new CheckGroup("proxy-injector");
    String reinstall = "reinstall weft (weft install) to recreate it";
    MutatingWebhookConfiguration config =
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(WEBHOOK).get();
    if (config == null || config.getWebhooks() == null || config.getWebhooks().isEmpty()) {
      group.fail(
          "MutatingWebhookConfiguration " + WEBHOOK + " exists",
          "MutatingWebhookConfiguration "
              + WEBHOOK
              + (config == null ? " is missing" : " has no webhook")
              + ", so no pod gets a proxy: "
              + reinstall);
      return group;
    }
    group.pass("MutatingWebhookConfiguration " + WEBHOOK + " exists");
    MutatingWebhook webhook = config.getWebhooks().get(0);
    ServiceReference service =
        webhook.getClientConfig() == null ? null : webhook.getClientConfig().getService();
    String target = "service " + ns + "/" + ControlPlaneChecks.NAME + ":443";
    String what = "the injector webhook calls " + target;
    if (service == null) {
      group.fail(what, "the webhook calls a URL, not the control plane's Service: " + reinstall);
    } else {
      int port = service.getPort() == null ? 443 : service.getPort();
      String actual = "service " + service.getNamespace() + "/" + service.getName() + ":" + port;
      if (actual.equals(target)) {
        group.pass(what);
      } else {
        group.fail(what, "the webhook calls " + actual + ": " + reinstall);
      }
    }
    List<X509Certificate> ca;
    try {
      ca =
          Certificates.parsePem(
              Certificates.decode(
                  webhook.getClientConfig() == null
                      ? null
                      : webhook.getClientConfig().getCaBundle()));
      group.pass("the injector webhook's caBundle is a valid certificate");
    } catch (IllegalArgumentException e) {
      group.fail(
          "the injector webhook's caBundle is a valid certificate",
          "caBundle of " + WEBHOOK + ": " + e.getMessage() + ": " + reinstall);
      return group;
    }
    servingCertificate(group, client, ns, now, ca);
    return group;
  }

  private static void servingCertificate(
      CheckGroup group, KubernetesClient client, String ns, Instant now, List<X509Certificate> ca) {
    String what =
        "the injector's serving certificate (Secret "
            + TLS_SECRET
            + ") is signed by"
            + " the caBundle";
    Secret secret = client.secrets().inNamespace(ns).withName(TLS_SECRET).get();
    String pem =
        secret == null || secret.getData() == null ? null : secret.getData().get("tls.crt");
    if (pem == null) {
      group.fail(
          what,
          "Secret "
              + ns
              + "/"
              + TLS_SECRET
              + " or its tls.crt is missing:"
              + " reinstall weft (weft install)");
      return;
    }
    X509Certificate serving;
    try {
      serving = Certificates.parsePem(Certificates.decode(pem)).get(0);
    } catch (IllegalArgumentException e) {
      group.fail(
          what,
          "tls.crt of Secret "
              + ns
              + "/"
              + TLS_SECRET
              + ": "
              + e.getMessage()
              + ": reinstall weft (weft install)");
      return;
    }
    if (Certificates.signedByAny(serving, ca) || ca.stream().anyMatch(c -> c.equals(serving))) {
      group.pass(what);
    } else {
      group.fail(
          what,
          "the API server will refuse the injector's TLS ("
              + Certificates.name(serving)
              + " is not signed by the caBundle): reinstall weft (weft install) to reissue both");
    }
    Validity.check(
        group,
        "the injector's serving certificate",
        serving,
        now,
        MARGIN,
        "reissue it with weft install (or helm upgrade), which renews it and the caBundle");
  }
}
