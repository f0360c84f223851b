package dev.weft.controlplane.local;

import dev.weft.controlplane.identity.local.BootstrapTokens;
import dev.weft.controlplane.identity.local.LocalCa;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * What the local API acts on: the CA, the token minter and the admin credential.
 *
 * @param trustDomain the trust domain minted identities belong to
 */
public record LocalControl(
    StateDirectory state,
    LocalCa ca,
    BootstrapTokens tokens,
    String adminToken,
    String trustDomain,
    Duration tokenTtl,
    Duration tokenMaxTtl) {

  /** Compares a presented admin token in constant time (digests first, so lengths leak nothing). */
  public boolean isAdmin(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256(presented), sha256(adminToken));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK lacks SHA-256", e);
    }
  }
}
