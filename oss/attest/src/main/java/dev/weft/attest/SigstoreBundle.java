package dev.weft.attest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A Sigstore bundle v0.3 (JSON, as the protobuf-specs define it) holding a DSSE envelope signed
 * with a key: {@code verificationMaterial.publicKey.hint} names the key, there is no certificate
 * and no transparency-log entry (cosign verifies such a bundle with {@code --key} and {@code
 * --insecure-ignore-tlog}).
 *
 * @param keyHint the id of the signing key ({@link KeyIds#of}); null when the bundle names none
 */
public record SigstoreBundle(String keyHint, Envelope envelope) {
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  // The same version in the media-type form later bundles use.
  private static final String MEDIA_TYPE_PARAMETER =
      "application/vnd.dev.sigstore.bundle+json;version=0.3";

  public SigstoreBundle {
    Objects.requireNonNull(envelope, "envelope");
  }

  /** The bundle's JSON, indented, with a final newline. */
  public String toJson() {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("mediaType", MEDIA_TYPE);
    ObjectNode publicKey = root.putObject("verificationMaterial").putObject("publicKey");
    if (keyHint != null) {
      publicKey.put("hint", keyHint);
    }
    ObjectNode dsse = root.putObject("dsseEnvelope");
    dsse.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
    dsse.put("payloadType", envelope.payloadType());
    var signatures = dsse.putArray("signatures");
    for (EnvelopeSignature s : envelope.signatures()) {
      ObjectNode o = signatures.addObject();
      o.put("sig", Base64.getEncoder().encodeToString(s.sig()));
      o.put("keyid", s.keyId());
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a bundle could not be written as JSON", e);
    }
  }

  /**
   * Reads a bundle. Only its structure is checked here, not its signature.
   *
   * @throws VerificationException ({@link FailureReason#MALFORMED}) naming the field that is
   *     missing, of the wrong kind, or where the text stops being JSON
   */
  public static SigstoreBundle parse(byte[] json) throws VerificationException {
    JsonNode root = Json.parseObject(json, "");
    String mediaType = Json.text(root, "mediaType", "");
    if (!mediaType.equals(MEDIA_TYPE) && !mediaType.startsWith(MEDIA_TYPE_PARAMETER)) {
      throw VerificationException.malformed(
          "mediaType", "'" + mediaType + "' (expected: " + MEDIA_TYPE + ")");
    }
    JsonNode material = Json.object(root, "verificationMaterial", "");
    if (!material.has("publicKey")) {
      throw VerificationException.malformed(
          "verificationMaterial.publicKey",
          material.has("certificate") || material.has("x509CertificateChain")
              ? "missing: the bundle is signed with a certificate (keyless), not a key"
              : "missing");
    }
    JsonNode publicKey = Json.object(material, "publicKey", "verificationMaterial");
    String hint = Json.optionalText(publicKey, "hint", "verificationMaterial.publicKey");
    if (!root.has("dsseEnvelope") && root.has("messageSignature")) {
      throw VerificationException.malformed(
          "dsseEnvelope", "missing: the bundle signs a message, not an attestation");
    }
    JsonNode dsse = Json.object(root, "dsseEnvelope", "");
    byte[] payload = Json.base64(dsse, "payload", "dsseEnvelope");
    String payloadType = Json.text(dsse, "payloadType", "dsseEnvelope");
    JsonNode list = Json.array(dsse, "signatures", "dsseEnvelope");
    if (list.size() != 1) {
      throw VerificationException.malformed(
          "dsseEnvelope.signatures",
          list.size() + " signatures (expected: exactly 1, as in a Sigstore bundle)");
    }
    String at = "dsseEnvelope.signatures[0]";
    JsonNode s = list.get(0);
    if (!s.isObject()) {
      throw VerificationException.malformed(at, s.getNodeType() + " (expected: an object)");
    }
    EnvelopeSignature signature =
        new EnvelopeSignature(Json.optionalText(s, "keyid", at), Json.base64(s, "sig", at));
    return new SigstoreBundle(
        hint == null || hint.isEmpty() ? null : hint,
        new Envelope(payloadType, payload, List.of(signature)));
  }

  /** Reads a bundle from its JSON text. */
  public static SigstoreBundle parse(String json) throws VerificationException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
