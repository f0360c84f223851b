package dev.weft.controlplane.identity.local;

import static dev.weft.controlplane.identity.CertifyException.Reason.UNAUTHENTICATED;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.controlplane.identity.CertifyException;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.TokenVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Local mode's bootstrap tokens: {@code weft-bootstrap-v1.PAYLOAD.MAC}, where PAYLOAD is base64url
 * JSON ({@code sub}, {@code iat}, {@code exp}, {@code jti}) and MAC is HMAC-SHA256 over the prefix
 * and payload with the key in {@code STATE/token.key}. They stand in for ServiceAccount tokens
 * where there is no Kubernetes to vouch for a workload.
 */
public final class BootstrapTokens implements TokenVerifier {
  static final String PREFIX = "weft-bootstrap-v1.";
  private static final String MAC = "HmacSHA256";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] key;
  private final Clock clock;
  private final SecureRandom random;

  public BootstrapTokens(byte[] key, Clock clock, SecureRandom random) {
    if (key.length < 32) {
      throw new IllegalArgumentException(
          "token key: " + key.length + " bytes (expected: at least 32)");
    }
    this.key = key.clone();
    this.clock = requireNonNull(clock, "clock");
    this.random = requireNonNull(random, "random");
  }

  /** Mints a token proving {@code identity} for {@code ttl}. */
  public MintedToken mint(IdentityName identity, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("token ttl: " + ttl + " (expected: > 0)");
    }
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    byte[] id = new byte[16];
    random.nextBytes(id);
    ObjectNode payload = JSON.createObjectNode();
    payload.put("sub", identity.subject());
    payload.put("iat", now.getEpochSecond());
    payload.put("exp", expiresAt.getEpochSecond());
    payload.put("jti", HexFormat.of().formatHex(id));
    String signed;
    try {
      signed = PREFIX + ENCODER.encodeToString(JSON.writeValueAsBytes(payload));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a token payload", e);
    }
    return new MintedToken(signed + "." + ENCODER.encodeToString(mac(signed)), identity, expiresAt);
  }

  @Override
  public String verify(byte[] token) throws CertifyException {
    // Token files often end with a newline.
    String text = new String(token, StandardCharsets.UTF_8).strip();
    if (!text.startsWith(PREFIX)) {
      throw new CertifyException(
          UNAUTHENTICATED, "token is not a Weft bootstrap token (expected prefix " + PREFIX + ")");
    }
    int dot = text.lastIndexOf('.');
    if (dot <= PREFIX.length()) {
      throw new CertifyException(UNAUTHENTICATED, "token is malformed (no signature part)");
    }
    String signed = text.substring(0, dot);
    byte[] presented;
    byte[] payloadBytes;
    try {
      presented = DECODER.decode(text.substring(dot + 1));
      payloadBytes = DECODER.decode(signed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new CertifyException(UNAUTHENTICATED, "token is malformed (bad base64url)", e);
    }
    if (!MessageDigest.isEqual(presented, mac(signed))) {
      throw new CertifyException(
          UNAUTHENTICATED,
          "token signature is invalid (forged, or minted by another control plane)");
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(payloadBytes);
    } catch (IOException e) {
      throw new CertifyException(UNAUTHENTICATED, "token payload is not JSON", e);
    }
    JsonNode subject = payload.get("sub");
    JsonNode expiry = payload.get("exp");
    if (subject == null || !subject.isTextual() || expiry == null || !expiry.canConvertToLong()) {
      throw new CertifyException(UNAUTHENTICATED, "token payload lacks sub or exp");
    }
    Instant expiresAt = Instant.ofEpochSecond(expiry.asLong());
    if (!clock.instant().isBefore(expiresAt)) {
      throw new CertifyException(UNAUTHENTICATED, "token expired at " + expiresAt);
    }
    return subject.asText();
  }

  private byte[] mac(String signed) {
    try {
      Mac mac = Mac.getInstance(MAC);
      mac.init(new SecretKeySpec(key, MAC));
      return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks " + MAC, e);
    }
  }
}
