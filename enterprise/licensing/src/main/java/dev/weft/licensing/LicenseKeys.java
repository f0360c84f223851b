package dev.weft.licensing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The license key format, and nothing about trust: {@code weft-lic-v1.<payload>.<signature>}, where
 * the payload is base64url (no padding) of UTF-8 JSON and the signature is base64url (no padding)
 * of the Ed25519 signature over the ASCII bytes {@code weft-lic-v1.<payload>}, so that the version
 * prefix is signed too. Whitespace around a key is ignored (keys are copied and pasted).
 */
public final class LicenseKeys {
  /** The prefix of every key of this format, dot included. */
  public static final String PREFIX = "weft-lic-v1.";

  /** The tiers a license may name. */
  public static final Set<String> TIERS = Set.of("free", "enterprise");

  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /**
   * A key split into what it says and what was signed; nothing is verified yet.
   *
   * @param signedText the text the signature covers: {@code weft-lic-v1.<payload>}
   * @param signature the raw Ed25519 signature
   */
  public record Decoded(License license, String signedText, byte[] signature) {}

  private LicenseKeys() {}

  /** Signs a license with the vendor's Ed25519 private key and returns the key text. */
  public static String encode(License license, PrivateKey ed25519) {
    Objects.requireNonNull(license, "license");
    Objects.requireNonNull(ed25519, "ed25519");
    String payload = base64(toJson(license).getBytes(StandardCharsets.UTF_8));
    String signed = PREFIX + payload;
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(ed25519);
      signer.update(signed.getBytes(StandardCharsets.US_ASCII));
      return signed + "." + base64(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "ed25519: cannot sign with this " + ed25519.getAlgorithm() + " key (expected Ed25519)",
          e);
    }
  }

  /**
   * Splits and parses a key without verifying it.
   *
   * @throws LicenseException with {@link LicenseProblem#MISSING} for a null or blank key, else
   *     {@link LicenseProblem#MALFORMED} naming what is wrong
   */
  public static Decoded decode(String key) {
    if (key == null || key.isBlank()) {
      throw new LicenseException(LicenseProblem.MISSING, "no license key configured");
    }
    String text = key.strip();
    if (!text.startsWith(PREFIX)) {
      throw malformed("it does not start with '" + PREFIX + "'");
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3) {
      throw malformed(
          "expected 3 parts separated by '.' (weft-lic-v1.<payload>.<signature>), got "
              + parts.length);
    }
    byte[] payload = unbase64("payload", parts[1]);
    byte[] signature = unbase64("signature", parts[2]);
    if (signature.length != 64) {
      throw malformed("signature is " + signature.length + " bytes (expected 64, Ed25519)");
    }
    Object json;
    try {
      json = Json.parse(new String(payload, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw malformed("payload is not JSON: " + e.getMessage());
    }
    if (!(json instanceof Map<?, ?> fields)) {
      throw malformed("payload is not a JSON object");
    }
    return new Decoded(toLicense(fields), PREFIX + parts[1], signature);
  }

  static String toJson(License l) {
    StringBuilder out = new StringBuilder("{");
    out.append("\"id\":").append(Json.quote(l.id()));
    out.append(",\"customer\":").append(Json.quote(l.customer()));
    out.append(",\"tier\":").append(Json.quote(l.tier()));
    out.append(",\"features\":[");
    out.append(String.join(",", l.features().stream().map(Json::quote).toList()));
    out.append("],\"limits\":{");
    List<String> limits = new ArrayList<>();
    l.clusters().ifPresent(n -> limits.add("\"clusters\":" + n));
    l.meshedWorkloads().ifPresent(n -> limits.add("\"meshedWorkloads\":" + n));
    out.append(String.join(",", limits)).append('}');
    out.append(",\"notBefore\":").append(Json.quote(l.notBefore().toString()));
    out.append(",\"expiresAt\":").append(Json.quote(l.expiresAt().toString()));
    out.append(",\"issuedAt\":").append(Json.quote(l.issuedAt().toString()));
    out.append(",\"keyId\":").append(Json.quote(l.keyId()));
    return out.append('}').toString();
  }

  private static License toLicense(Map<?, ?> f) {
    String id = string(f, "id");
    String customer = string(f, "customer");
    String tier = string(f, "tier");
    if (!TIERS.contains(tier)) {
      throw malformed("payload field 'tier' is '" + tier + "' (expected: free or enterprise)");
    }
    if (!(f.get("features") instanceof List<?> list)) {
      throw fieldError(f, "features", "a list of feature names");
    }
    Set<String> features = new TreeSet<>();
    for (Object o : list) {
      if (!(o instanceof String s) || !NAME.matcher(s).matches()) {
        throw malformed(
            "payload field 'features' holds '" + o + "' (expected: lower-case names like 'hazl')");
      }
      features.add(s);
    }
    Object limitsValue = f.get("limits");
    Map<?, ?> limits = Map.of();
    if (limitsValue != null) {
      if (!(limitsValue instanceof Map<?, ?> m)) {
        throw fieldError(f, "limits", "an object such as {\"clusters\": 3}");
      }
      limits = m;
    }
    Instant notBefore = instant(f, "notBefore");
    Instant expiresAt = instant(f, "expiresAt");
    if (!expiresAt.isAfter(notBefore)) {
      throw malformed(
          "payload field 'expiresAt' ("
              + expiresAt
              + ") is not after 'notBefore' ("
              + notBefore
              + ")");
    }
    return new License(
        id,
        customer,
        tier,
        features,
        limit(limits, "clusters"),
        limit(limits, "meshedWorkloads"),
        notBefore,
        expiresAt,
        instant(f, "issuedAt"),
        string(f, "keyId"));
  }

  private static String string(Map<?, ?> f, String field) {
    if (!(f.get(field) instanceof String s) || s.isBlank()) {
      throw fieldError(f, field, "a non-empty string");
    }
    return s;
  }

  private static Instant instant(Map<?, ?> f, String field) {
    String s = string(f, field);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw malformed(
          "payload field '"
              + field
              + "' is '"
              + s
              + "' (expected: a UTC time such as "
              + "2027-11-01T00:00:00Z)");
    }
  }

  private static OptionalLong limit(Map<?, ?> limits, String name) {
    Object v = limits.get(name);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (!(v instanceof Long n) || n < 0) {
      throw malformed(
          "payload field 'limits." + name + "' is '" + v + "' (expected: a whole number >= 0)");
    }
    return OptionalLong.of(n);
  }

  private static LicenseException fieldError(Map<?, ?> f, String field, String expected) {
    if (!f.containsKey(field)) {
      return malformed("payload field '" + field + "' missing");
    }
    return malformed(
        "payload field '" + field + "' is '" + f.get(field) + "' (expected: " + expected + ")");
  }

  private static byte[] unbase64(String part, String s) {
    if (s.isEmpty()) {
      throw malformed(part + " is empty");
    }
    if (!BASE64URL.matcher(s).matches()) {
      throw malformed(part + " is not base64url without padding");
    }
    try {
      return Base64.getUrlDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw malformed(part + " is not base64url: " + e.getMessage());
    }
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static LicenseException malformed(String detail) {
    return new LicenseException(LicenseProblem.MALFORMED, "license key is malformed: " + detail);
  }
}
