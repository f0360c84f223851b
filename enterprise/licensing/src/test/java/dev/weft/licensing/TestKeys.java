package dev.weft.licensing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** Throw-away signing keys and licenses for tests. */
public final class TestKeys {
  public static final String KEY_ID = "test-key";
  public static final Instant NOT_BEFORE = Instant.parse("2026-11-01T00:00:00Z");
  public static final Instant EXPIRES = Instant.parse("2027-11-01T00:00:00Z");

  private TestKeys() {}

  public static KeyPair pair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  public static License license(String keyId) {
    return new License(
        "lic-2026-0001",
        "Acme Corp",
        "enterprise",
        Set.of("hazl", "compliance"),
        OptionalLong.of(3),
        OptionalLong.of(500),
        NOT_BEFORE,
        EXPIRES,
        Instant.parse("2026-10-30T12:00:00Z"),
        keyId);
  }

  public static Clock at(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  public static LicenseVerifier verifier(KeyPair pair, Clock clock) {
    return new LicenseVerifier(
        TrustedKeys.of(Map.of(KEY_ID, pair.getPublic())), clock, Duration.ofDays(30));
  }

  /** The env entry that makes the pair's public key trusted (testing only). */
  public static String extraKey(KeyPair pair) {
    return KEY_ID + "=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
  }

  /** A key over an arbitrary payload text, correctly signed: for payloads encode() cannot make. */
  public static String signRaw(String json, KeyPair pair) {
    String signed =
        LicenseKeys.PREFIX
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(pair.getPrivate());
      s.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
