package dev.weft.controlplane.local;

import java.security.SecureRandom;
import java.util.Base64;

/** The local mode's two secrets: the token-signing key and the admin credential. */
public final class LocalSecrets {
  public static final String TOKEN_KEY = "token.key";
  public static final String ADMIN_TOKEN = "admin-token";

  private LocalSecrets() {}

  /** The 256-bit HMAC key that signs bootstrap tokens, created on first start. */
  public static byte[] tokenKey(StateDirectory state, SecureRandom random) {
    String encoded = readOrCreate(state, TOKEN_KEY, random);
    try {
      return Base64.getUrlDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          state.resolve(TOKEN_KEY) + " is not base64 (expected: the key this control plane wrote)",
          e);
    }
  }

  /** The bearer credential of the local API, created on first start. */
  public static String adminToken(StateDirectory state, SecureRandom random) {
    return readOrCreate(state, ADMIN_TOKEN, random);
  }

  private static String readOrCreate(StateDirectory state, String file, SecureRandom random) {
    if (!state.exists(file)) {
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      state.writePrivate(
          file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
    }
    state.ensurePrivate(file);
    String value = state.read(file).strip();
    if (value.isEmpty()) {
      throw new IllegalStateException(
          state.resolve(file) + " is empty; delete it to have a new one made");
    }
    return value;
  }
}
