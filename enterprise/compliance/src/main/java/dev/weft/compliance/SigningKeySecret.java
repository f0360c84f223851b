package dev.weft.compliance;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A signing key kept in a Kubernetes Secret, under {@link #ENTRY}: what {@code attest --key-secret}
 * signs with and {@code weft check} inspects.
 */
public final class SigningKeySecret {
  /** The Secret's entry holding the PEM private key. */
  public static final String ENTRY = "key.pem";

  private SigningKeySecret() {}

  /** The PEM text of the key, or null when the Secret has no such entry. */
  public static String pem(Secret secret) {
    Map<String, String> data = secret.getData();
    if (data != null && data.get(ENTRY) != null) {
      try {
        return new String(Base64.getMimeDecoder().decode(data.get(ENTRY)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return data.get(ENTRY); // parsed as PEM next, which names what is wrong
      }
    }
    Map<String, String> stringData = secret.getStringData();
    return stringData == null ? null : stringData.get(ENTRY);
  }
}
