package dev.weft.compliance.check;

import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** License keys signed by a throw-away Ed25519 vendor key that {@link #trusted()} trusts. */
final class Licenses {
  static final String KEY_ID = "test-key";
  static final Instant NOT_BEFORE = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant EXPIRES = Instant.parse("2027-11-01T00:00:00Z");

  private final KeyPair vendor;

  Licenses() {
    try {
      vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** A key of license lic-2026-0042 entitling {@code features}, valid until {@link #EXPIRES}. */
  String key(Set<String> features) {
    return LicenseKeys.encode(
        new License(
            "lic-2026-0042",
            "Acme Corp",
            "enterprise",
            features,
            OptionalLong.empty(),
            OptionalLong.empty(),
            NOT_BEFORE,
            EXPIRES,
            NOT_BEFORE,
            KEY_ID),
        vendor.getPrivate());
  }

  /** The environment of a weft that trusts the vendor key but has no license of its own. */
  Map<String, String> trusted() {
    return Map.of(
        "WEFT_LICENSE_EXTRA_PUBLIC_KEY",
        KEY_ID + "=" + Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded()));
  }
}
