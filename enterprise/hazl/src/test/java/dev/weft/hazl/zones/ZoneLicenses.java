package dev.weft.hazl.zones;

import dev.weft.licensing.Entitlements;
import dev.weft.licensing.License;
import dev.weft.licensing.LicenseKeys;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Licenses for the proxy process, signed by a throw-away key that the process is told to trust (the
 * testing-only {@code WEFT_LICENSE_EXTRA_PUBLIC_KEY}).
 */
final class ZoneLicenses {
  private static final String KEY_ID = "zones-test";
  private static final KeyPair PAIR = pair();

  private ZoneLicenses() {}

  /** A license granting {@code hazl}, valid now. */
  static Map<String, String> valid() {
    Instant now = Instant.now();
    return env(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
  }

  /** A license granting {@code hazl} that expired 40 days ago: past the 30-day grace period. */
  static Map<String, String> expiredPastGrace() {
    Instant now = Instant.now();
    return env(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(40)));
  }

  private static Map<String, String> env(Instant notBefore, Instant expiresAt) {
    License l =
        new License(
            "lic-zones-test",
            "Zones Test",
            "enterprise",
            Set.of("hazl"),
            OptionalLong.empty(),
            OptionalLong.empty(),
            notBefore,
            expiresAt,
            notBefore,
            KEY_ID);
    return Map.of(
        Entitlements.LICENSE,
        LicenseKeys.encode(l, PAIR.getPrivate()),
        Entitlements.EXTRA_PUBLIC_KEY,
        KEY_ID + "=" + Base64.getEncoder().encodeToString(PAIR.getPublic().getEncoded()));
  }

  private static KeyPair pair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
