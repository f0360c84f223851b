package dev.weft.licensing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies license keys offline: format, signature by a trusted key, then the validity window with
 * a grace period after expiry. Thread-safe; never throws for a bad key (the status says why).
 */
public final class LicenseVerifier {
  /** How long features keep working after a license expires, unless configured. */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(30);

  private final TrustedKeys keys;
  private final Clock clock;
  private final Duration grace;

  public LicenseVerifier(TrustedKeys keys, Clock clock, Duration grace) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.grace = Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace: " + grace + " (expected: >= 0)");
    }
  }

  public LicenseVerifier(TrustedKeys keys, Clock clock) {
    this(keys, clock, DEFAULT_GRACE);
  }

  public Duration grace() {
    return grace;
  }

  /** Verifies a key (null or blank: {@link LicenseProblem#MISSING}). */
  public LicenseStatus verify(String keyOrNull) {
    LicenseStatus signed = verifySignature(keyOrNull);
    return signed.usable() ? checkTime(signed.license(), clock.instant()) : signed;
  }

  /**
   * Format and signature only, the part worth caching: a refusal, or a status holding the license
   * whose validity window is still to be checked with {@link #checkTime}.
   */
  LicenseStatus verifySignature(String keyOrNull) {
    LicenseKeys.Decoded decoded;
    try {
      decoded = LicenseKeys.decode(keyOrNull);
    } catch (LicenseException e) {
      return LicenseStatus.refused(e.problem(), e.getMessage());
    }
    License l = decoded.license();
    Optional<PublicKey> key = keys.find(l.keyId());
    if (key.isEmpty()) {
      return LicenseStatus.refused(
          LicenseProblem.UNKNOWN_KEY,
          "license "
              + l.id()
              + " is signed with key '"
              + l.keyId()
              + "', which this build does not trust (trusted: "
              + (keys.ids().isEmpty() ? "none" : String.join(", ", keys.ids()))
              + ")");
    }
    if (!signatureVerifies(decoded, key.get())) {
      return LicenseStatus.refused(
          LicenseProblem.SIGNATURE_INVALID,
          "license signature does not verify with key "
              + l.keyId()
              + " (the key was changed or signed by another key)");
    }
    return new LicenseStatus(l, null, "signature verified", false);
  }

  LicenseStatus checkTime(License l, Instant now) {
    if (now.isBefore(l.notBefore())) {
      return LicenseStatus.refused(
          LicenseProblem.NOT_YET_VALID,
          "license " + l.id() + " is not valid before " + day(l.notBefore()));
    }
    if (now.isBefore(l.expiresAt())) {
      return new LicenseStatus(
          l, null, "license " + l.id() + " is valid until " + day(l.expiresAt()), false);
    }
    Instant graceEnd = l.expiresAt().plus(grace);
    if (now.isBefore(graceEnd)) {
      return new LicenseStatus(
          l,
          null,
          "license "
              + l.id()
              + " expired on "
              + day(l.expiresAt())
              + "; features keep working in the grace period until "
              + day(graceEnd)
              + ": renew it",
          true);
    }
    return LicenseStatus.refused(
        LicenseProblem.EXPIRED,
        "license "
            + l.id()
            + " expired on "
            + day(l.expiresAt())
            + " (grace until "
            + day(graceEnd)
            + ")");
  }

  static boolean signatureVerifies(LicenseKeys.Decoded decoded, PublicKey key) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(decoded.signedText().getBytes(StandardCharsets.US_ASCII));
      return verifier.verify(decoded.signature());
    } catch (GeneralSecurityException e) {
      // A key of another algorithm, or a signature the provider rejects outright: not verified.
      return false;
    }
  }

  /** A date when the instant is midnight UTC (as licenses are usually issued), else the instant. */
  static String day(Instant t) {
    var utc = t.atOffset(ZoneOffset.UTC);
    return utc.toLocalTime().equals(LocalTime.MIDNIGHT)
        ? utc.toLocalDate().toString()
        : t.toString();
  }
}
