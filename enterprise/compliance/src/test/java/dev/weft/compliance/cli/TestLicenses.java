package dev.weft.compliance.cli;

import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** Licenses signed by a throw-away Ed25519 vendor key that the environment makes trusted. */
public final class TestLicenses {
  static final String KEY_ID = "test-key";
  static final Instant NOT_BEFORE = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant EXPIRES = Instant.parse("2027-11-01T00:00:00Z");

  private final KeyPair vendor;

  public TestLicenses() {
    try {
      vendor = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The environment of a weft whose license entitles {@code features}. */
  Map<String, String> env(Set<String> features) {
    Map<String, String> env = new HashMap<>(noLicense());
    env.put("WEFT_LICENSE", key(features));
    return env;
  }

  /** A key of license lic-2026-0042 entitling {@code features}, valid until {@link #EXPIRES}. */
  public String key(Set<String> features) {
    License license =
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
            KEY_ID);
    return LicenseKeys.encode(license, vendor.getPrivate());
  }

  /** Trusts the vendor key but configures no license. */
  public Map<String, String> noLicense() {
    return Map.of(
        "WEFT_LICENSE_EXTRA_PUBLIC_KEY",
        KEY_ID + "=" + Base64.getEncoder().encodeToString(vendor.getPublic().getEncoded()));
  }
}
