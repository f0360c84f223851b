package dev.weft.compliance.cli;

import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import dev.weft.compliance.SigningKeySecret;
import dev.weft.licensing.cluster.ClusterAccess;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;

/**
 * The PEM text of a signing key kept in a Kubernetes Secret, entry {@link #KEY}: {@code attest
 * --key-secret NS/NAME}. Only this class touches the Kubernetes client, which the weft CLI
 * provides.
 */
final class SecretKeyLoader {
  static final String KEY = SigningKeySecret.ENTRY;

  private SecretKeyLoader() {}

  /**
   * @param ref {@code NS/NAME}
   * @throws CommandFailure exit 2 for a bad reference or kubeconfig, 3 when the API cannot be
   *     reached, 1 when the Secret or its entry is missing or the read is refused
   */
  static String read(String ref, Path kubeconfig, String context) {
    int slash = ref.indexOf('/');
    if (slash <= 0 || slash == ref.length() - 1 || ref.indexOf('/', slash + 1) >= 0) {
      throw new CommandFailure(
          Exits.USAGE,
          "--key-secret=" + ref + ": invalid (expected: NAMESPACE/NAME)",
          "see 'weft compliance attest --help'");
    }
    String namespace = ref.substring(0, slash);
    String name = ref.substring(slash + 1);
    String where = "Secret " + ref + " (key " + KEY + ")";
    KubernetesClient client;
    try {
      client = ClusterAccess.connect(kubeconfig, context);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(Exits.USAGE, e.getMessage(), "see 'weft compliance attest --help'");
    }
    try (client) {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      String pem = secret == null ? null : SigningKeySecret.pem(secret);
      if (pem == null) {
        throw new CommandFailure(
            Exits.FAILED,
            (secret == null ? "no " : "no entry " + KEY + " in ") + where,
            "create it (kubectl create secret generic "
                + name
                + " -n "
                + namespace
                + " --from-file="
                + KEY
                + "=KEY.pem) or give --key");
      }
      return pem;
    } catch (KubernetesClientException e) {
      if (e.getCode() > 0) {
        throw new CommandFailure(
            Exits.FAILED,
            "cannot read " + where + " (" + ClusterAccess.reason(e) + ")",
            "check that this user may get Secrets in " + namespace);
      }
      throw new CommandFailure(
          Exits.UNREACHABLE,
          "cannot reach the Kubernetes API at "
              + client.getMasterUrl()
              + " ("
              + ClusterAccess.reason(e)
              + ")",
          "check that the cluster is up and --kubeconfig/--context select it");
    }
  }
}
