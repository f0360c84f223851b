package dev.weft.licensing.cluster;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The Secret the weft-enterprise chart writes the key to: {@code weft-license}, key {@code
 * license}, in the control plane's namespace.
 */
public final class LicenseSecret {
  public static final String NAME = "weft-license";
  public static final String KEY = "license";

  private LicenseSecret() {}

  /**
   * The key the Secret holds, or null when there is no such Secret or it has no {@code license}
   * entry.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API refuses the read
   */
  public static String read(KubernetesClient client, String namespace) {
    Secret secret = client.secrets().inNamespace(namespace).withName(NAME).get();
    if (secret == null) {
      return null;
    }
    Map<String, String> data = secret.getData();
    if (data != null && data.get(KEY) != null) {
      try {
        return new String(Base64.getMimeDecoder().decode(data.get(KEY)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // Not base64: let verification refuse the text as it is, naming what is wrong.
        return data.get(KEY);
      }
    }
    Map<String, String> stringData = secret.getStringData();
    return stringData == null ? null : stringData.get(KEY);
  }

  /** Where the key was read from, for messages. */
  public static String describe(String namespace) {
    return "Secret " + namespace + "/" + NAME + " (key " + KEY + ")";
  }
}
