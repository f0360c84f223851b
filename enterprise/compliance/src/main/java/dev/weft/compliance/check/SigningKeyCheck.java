package dev.weft.compliance.check;

import dev.weft.compliance.SigningKey;
import dev.weft.compliance.SigningKeySecret;
import dev.weft.licensing.cluster.ClusterAccess;
import dev.weft.spi.cli.CheckResult;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Whether Secret {@value #NAME} (written by the weft-enterprise chart from {@code
 * compliance.signingKey.key}) holds a signing key {@code attest --key-secret} can use. Its absence
 * is a warning, since {@code attest --key FILE} needs none; a key that is there but unusable fails,
 * since every {@code attest} with it would.
 */
final class SigningKeyCheck {
  static final String NAME = "weft-compliance-signing";
  static final String KEY = SigningKeySecret.ENTRY;
  static final String DESCRIPTION = "a signing key is in the cluster";

  private SigningKeyCheck() {}

  static CheckResult run(KubernetesClient client, String namespace) {
    String where = "Secret " + namespace + "/" + NAME + " (key " + KEY + ")";
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(NAME).get();
    } catch (KubernetesClientException e) {
      // Whether the key is usable is unknown, not wrong: the permissions are the checker's.
      return CheckResult.warn(
          DESCRIPTION,
          where
              + " cannot be read ("
              + ClusterAccess.reason(e)
              + "): "
              + (e.getCode() > 0
                  ? "check your permissions (kubectl auth can-i get secrets/"
                      + NAME
                      + " -n "
                      + namespace
                      + ")"
                  : "check that the cluster is up and --kubeconfig/--context select it"));
    }
    if (secret == null) {
      return CheckResult.warn(
          DESCRIPTION,
          "no signing key: attest needs --key or set compliance.signingKey (no Secret "
              + namespace
              + "/"
              + NAME
              + "): helm upgrade weft-enterprise helm/weft-enterprise -n "
              + namespace
              + " --reuse-values --set-file compliance.signingKey.key=key.pem (a key from weft"
              + " compliance keygen)");
    }
    String pem = SigningKeySecret.pem(secret);
    if (pem == null) {
      return CheckResult.fail(
          DESCRIPTION,
          "Secret "
              + namespace
              + "/"
              + NAME
              + " has no entry "
              + KEY
              + ": attest --key-secret cannot use it; write the key under "
              + KEY
              + " (compliance.signingKey.key of the weft-enterprise chart does)");
    }
    SigningKey key;
    try {
      key = SigningKey.read(pem, where);
    } catch (IllegalArgumentException e) {
      return CheckResult.fail(
          DESCRIPTION,
          e.getMessage()
              + ": attest --key-secret cannot sign with it; replace it with a PKCS#8 P-256 key"
              + " (weft compliance keygen)");
    }
    return CheckResult.pass(DESCRIPTION + " (" + where + ", key id " + key.keyId() + ")");
  }
}
