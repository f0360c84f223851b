package dev.weft.licensing;

/**
 * Why a license key cannot be used, or a feature is not entitled. The detail (which field, which
 * key, which date) is in the accompanying message.
 */
public enum LicenseProblem {
  /** No key is configured (neither WEFT_LICENSE nor WEFT_LICENSE_FILE), or the file is missing. */
  MISSING,
  /**
   * Not a license key: wrong prefix, not three parts, bad base64 or JSON, a missing or bad field.
   */
  MALFORMED,
  /** Signed with a key id this build does not trust. */
  UNKNOWN_KEY,
  /** The signature does not verify: the key was changed, or signed by another key. */
  SIGNATURE_INVALID,
  /** Before the license's notBefore. */
  NOT_YET_VALID,
  /** Past the license's expiry and the grace period after it. */
  EXPIRED,
  /** The feature asked for is not among the license's features. */
  FEATURE_NOT_IN_TIER,
  /** Usage is above a limit of the license: a warning, never a refusal of traffic. */
  OVER_LIMIT
}
