package dev.weft.attest;

import static dev.weft.attest.TestSigning.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationVerifierTest {
  private final KeyPair signer = TestSigning.p256();
  private final AttestationVerifier verifier = new AttestationVerifier(signer.getPublic());

  @TempDir Path dir;

  private Path sbom(String content) throws Exception {
    return Files.writeString(dir.resolve("bom.json"), content);
  }

  private VerificationException fails(String bundle, Subject subject, String type) {
    return assertThrows(
        VerificationException.class, () -> verifier.verify(utf8(bundle), subject, type));
  }

  @Test
  void aSignedStatementVerifiesAgainstItsFileAndType() throws Exception {
    Subject file = Subject.ofFile(sbom("{\"bomFormat\":\"CycloneDX\"}"));
    String bundle = TestSigning.bundleJson(signer, TestSigning.sbomStatement(file));
    Statement s = verifier.verify(utf8(bundle), file, Predicate.CYCLONEDX_BOM);
    assertEquals(List.of(file), s.subjects());
    assertEquals("CycloneDX", s.predicate().content().get("bomFormat").asText());
  }

  @Test
  void aChangedPayloadByteIsSignatureInvalid() throws Exception {
    Subject file = Subject.ofFile(sbom("{}"));
    SigstoreBundle good =
        TestSigning.bundle(
            signer, Dsse.IN_TOTO_PAYLOAD_TYPE, TestSigning.sbomStatement(file).toJson());
    byte[] payload = good.envelope().payload();
    int at = new String(payload, java.nio.charset.StandardCharsets.UTF_8).indexOf("1.6");
    payload[at] = '2'; // specVersion 1.6 -> 2.6: still a valid statement, no longer the signed one
    String tampered =
        new SigstoreBundle(
                good.keyHint(),
                new Envelope(good.envelope().payloadType(), payload, good.envelope().signatures()))
            .toJson();
    VerificationException e = fails(tampered, file, null);
    assertEquals(FailureReason.SIGNATURE_INVALID, e.reason());
    assertTrue(e.getMessage().contains(verifier.keyId()), e.getMessage());
  }

  @Test
  void aBundleFromAnotherKeyIsWrongKeyNamingBoth() throws Exception {
    KeyPair other = TestSigning.p256();
    Subject file = Subject.ofFile(sbom("{}"));
    VerificationException e =
        fails(TestSigning.bundleJson(other, TestSigning.sbomStatement(file)), file, null);
    assertEquals(FailureReason.WRONG_KEY, e.reason());
    assertTrue(e.getMessage().contains(KeyIds.of(other.getPublic())), e.getMessage());
    assertTrue(e.getMessage().contains(verifier.keyId()), e.getMessage());
  }

  @Test
  void anotherKeysSignatureUnderOurHintIsSignatureInvalid() throws Exception {
    Subject file = Subject.ofFile(sbom("{}"));
    byte[] payload = TestSigning.sbomStatement(file).toJson();
    SigstoreBundle forged =
        TestSigning.bundle(TestSigning.p256(), Dsse.IN_TOTO_PAYLOAD_TYPE, payload);
    String json = new SigstoreBundle(verifier.keyId(), forged.envelope()).toJson();
    assertEquals(FailureReason.SIGNATURE_INVALID, fails(json, file, null).reason());
  }

  @Test
  void aChangedSubjectFileIsADigestMismatchNamingBothDigests() throws Exception {
    Path path = sbom("{\"version\":1}");
    Subject signed = Subject.ofFile(path);
    String bundle = TestSigning.bundleJson(signer, TestSigning.sbomStatement(signed));
    Files.writeString(path, "{\"version\":2}");
    Subject now = Subject.ofFile(path);
    VerificationException e = fails(bundle, now, Predicate.CYCLONEDX_BOM);
    assertEquals(FailureReason.SUBJECT_DIGEST_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains("sha256:" + signed.sha256()), e.getMessage());
    assertTrue(e.getMessage().contains("sha256:" + now.sha256()), e.getMessage());
  }

  @Test
  void anotherPredicateTypeIsAMismatch() throws Exception {
    Subject file = Subject.ofFile(sbom("{}"));
    String bundle = TestSigning.bundleJson(signer, TestSigning.sbomStatement(file));
    VerificationException e = fails(bundle, file, Predicate.MESH_POSTURE);
    assertEquals(FailureReason.PREDICATE_TYPE_MISMATCH, e.reason());
    assertTrue(e.getMessage().contains(Predicate.CYCLONEDX_BOM), e.getMessage());
    assertTrue(e.getMessage().contains(Predicate.MESH_POSTURE), e.getMessage());
  }

  @Test
  void aSignedPayloadThatIsNotAStatementIsMalformedNamingTheField() {
    String bundle =
        TestSigning.bundle(
                signer,
                Dsse.IN_TOTO_PAYLOAD_TYPE,
                utf8("{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":[]}"))
            .toJson();
    VerificationException e = fails(bundle, null, null);
    assertEquals(FailureReason.MALFORMED, e.reason());
    assertTrue(e.getMessage().startsWith("dsseEnvelope.payload._type:"), e.getMessage());
  }

  @Test
  void anotherPayloadTypeIsMalformed() {
    String bundle = TestSigning.bundle(signer, "text/plain", utf8("{}")).toJson();
    VerificationException e = fails(bundle, null, null);
    assertEquals(FailureReason.MALFORMED, e.reason());
    assertTrue(e.getMessage().startsWith("dsseEnvelope.payloadType:"), e.getMessage());
  }

  @Test
  void missingOrMistypedFieldsAreNamed() throws Exception {
    String good =
        TestSigning.bundleJson(signer, TestSigning.sbomStatement(Subject.ofFile(sbom("{}"))));
    assertMalformed(edit(good, b -> b.remove("mediaType")), "mediaType: missing");
    assertMalformed(edit(good, b -> b.put("mediaType", "x")), "mediaType: 'x'");
    assertMalformed(
        edit(good, b -> b.remove("verificationMaterial")), "verificationMaterial: missing");
    assertMalformed(
        edit(good, b -> ((ObjectNode) b.get("dsseEnvelope")).remove("signatures")),
        "dsseEnvelope.signatures: missing");
    assertMalformed(
        edit(good, b -> ((ObjectNode) b.get("dsseEnvelope")).put("payload", "%%%")),
        "dsseEnvelope.payload: not base64");
    assertMalformed(
        edit(good, b -> ((ObjectNode) b.at("/dsseEnvelope/signatures/0")).put("sig", 7)),
        "dsseEnvelope.signatures[0].sig: NUMBER");
  }

  private void assertMalformed(String bundle, String start) {
    VerificationException e = fails(bundle, null, null);
    assertEquals(FailureReason.MALFORMED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }

  private static String edit(String json, java.util.function.Consumer<ObjectNode> change)
      throws Exception {
    ObjectNode root = (ObjectNode) Json.MAPPER.readTree(json);
    change.accept(root);
    return Json.MAPPER.writeValueAsString(root);
  }

  @Test
  void signaturesAreDerBase64AsSigstoreWritesThem() throws Exception {
    String bundle =
        TestSigning.bundleJson(signer, TestSigning.sbomStatement(Subject.ofFile(sbom("{}"))));
    byte[] sig =
        Base64.getDecoder()
            .decode(Json.MAPPER.readTree(bundle).at("/dsseEnvelope/signatures/0/sig").asText());
    assertEquals(0x30, sig[0] & 0xff, "an ASN.1 SEQUENCE (DER), not raw r||s");
  }
}
