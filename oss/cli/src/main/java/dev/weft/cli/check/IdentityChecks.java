package dev.weft.cli.check;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The identity issuer (Secret weft-identity-issuer) and the trust anchors (ConfigMap
 * weft-identity-trust-anchors): present, parseable, chained, and not about to expire (60 days, as
 * Linkerd warns: long enough to plan a rotation, see docs/identity.md).
 */
final class IdentityChecks {
  static final String ISSUER = "weft-identity-issuer";
  static final String ANCHORS = "weft-identity-trust-anchors";
  static final Duration MARGIN = Duration.ofDays(60);

  private IdentityChecks() {}

  static CheckGroup run(KubernetesClient client, String ns, Instant now) {
    CheckGroup group = new CheckGroup("identity");
    List<X509Certificate> anchors = anchors(group, client, ns);
    X509Certificate issuer = issuer(group, client, ns);
    String rotateIssuer =
        "rotate it: put a new issuer signed by the trust anchors in Secret "
            + ns
            + "/"
            + ISSUER
            + " (docs/identity.md)";
    if (issuer != null && anchors != null) {
      String what = "the issuer certificate is signed by a trust anchor";
      if (Certificates.signedByAny(issuer, anchors)) {
        group.pass(what);
      } else {
        group.fail(
            what,
            Certificates.name(issuer)
                + " is signed by "
                + issuer.getIssuerX500Principal().getName()
                + ", which is not in ConfigMap "
                + ns
                + "/"
                + ANCHORS
                + ": proxies will reject their certificates; add that root to the trust anchors"
                + " or reissue the issuer from one of them");
      }
    }
    if (issuer != null) {
      Validity.check(group, "the issuer certificate", issuer, now, MARGIN, rotateIssuer);
    }
    if (anchors != null) {
      for (X509Certificate anchor : anchors) {
        Validity.check(
            group,
            "trust anchor " + Certificates.name(anchor),
            anchor,
            now,
            MARGIN,
            "add a new root to ConfigMap "
                + ns
                + "/"
                + ANCHORS
                + ", reissue the issuer from it, then remove the old root (docs/identity.md)");
      }
    }
    return group;
  }

  private static List<X509Certificate> anchors(
      CheckGroup group, KubernetesClient client, String ns) {
    String what = "trust anchors (ConfigMap " + ANCHORS + ") are valid certificates";
    ConfigMap map = client.configMaps().inNamespace(ns).withName(ANCHORS).get();
    String pem = map == null || map.getData() == null ? null : map.getData().get("ca-bundle.crt");
    if (pem == null) {
      group.fail(
          what,
          "ConfigMap "
              + ns
              + "/"
              + ANCHORS
              + " or its ca-bundle.crt is missing:"
              + " reinstall weft (weft install) with the trust anchors");
      return null;
    }
    try {
      List<X509Certificate> anchors = Certificates.parsePem(pem);
      group.pass(what);
      return anchors;
    } catch (IllegalArgumentException e) {
      group.fail(
          what,
          "ca-bundle.crt of ConfigMap "
              + ns
              + "/"
              + ANCHORS
              + ": "
              + e.getMessage()
              + ": put the PEM root certificates there");
      return null;
    }
  }

  private static X509Certificate issuer(CheckGroup group, KubernetesClient client, String ns) {
    String what = "issuer Secret " + ISSUER + " has a certificate and a key";
    Secret secret = client.secrets().inNamespace(ns).withName(ISSUER).get();
    String crt =
        secret == null || secret.getData() == null ? null : secret.getData().get("tls.crt");
    String key =
        secret == null || secret.getData() == null ? null : secret.getData().get("tls.key");
    if (crt == null || key == null) {
      group.fail(
          what,
          "Secret "
              + ns
              + "/"
              + ISSUER
              + (secret == null ? " is missing" : " lacks tls.crt or tls.key")
              + ": the control plane cannot issue certificates; create it (docs/identity.md)");
      return null;
    }
    try {
      X509Certificate issuer = Certificates.parsePem(Certificates.decode(crt)).get(0);
      String keyPem = Certificates.decode(key);
      if (!keyPem.contains("PRIVATE KEY-----")) {
        throw new IllegalArgumentException("tls.key is not a PEM private key");
      }
      group.pass(what);
      return issuer;
    } catch (IllegalArgumentException e) {
      group.fail(
          what,
          "Secret "
              + ns
              + "/"
              + ISSUER
              + ": "
              + e.getMessage()
              + ": put a PEM issuer certificate and key there (docs/identity.md)");
      return null;
    }
  }
}
