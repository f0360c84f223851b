package dev.weft.attest;

import static dev.weft.attest.TestSigning.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bundle cut short anywhere, or not JSON at all, is MALFORMED and says where. */
class TruncatedBundleTest {
  private final KeyPair signer = TestSigning.p256();
  private final String bundle =
      TestSigning.bundleJson(
          signer, TestSigning.sbomStatement(new Subject("bom.json", Map.of("sha256", "ab12"))));
  private final AttestationVerifier verifier = new AttestationVerifier(signer.getPublic());

  private VerificationException fails(byte[] bytes) {
    VerificationException e =
        assertThrows(VerificationException.class, () -> verifier.verify(bytes, null, null));
    assertEquals(FailureReason.MALFORMED, e.reason(), e.getMessage());
    return e;
  }

  private String cutAfter(String marker) {
    int at = bundle.indexOf(marker);
    assertTrue(at > 0, marker);
    return bundle.substring(0, at + marker.length());
  }

  @Test
  void cutInsideThePayloadNamesIt() {
    String cut = cutAfter("\"payload\" : \"") + "eyJfdHlw";
    assertEquals(
        "dsseEnvelope.payload: the JSON ends early (truncated?)", fails(utf8(cut)).getMessage());
  }

  @Test
  void cutInsideTheHintNamesIt() {
    String cut = cutAfter("\"hint\" : \"");
    assertEquals(
        "verificationMaterial.publicKey.hint: the JSON ends early (truncated?)",
        fails(utf8(cut)).getMessage());
  }

  @Test
  void cutInsideTheSignatureNamesIt() {
    String cut = cutAfter("\"sig\" : \"M");
    assertTrue(
        fails(utf8(cut)).getMessage().startsWith("dsseEnvelope.signatures[0].sig: "),
        "names the signature");
  }

  @Test
  void cutAtEveryPointIsMalformedAndNeverAnotherReason() {
    byte[] all = utf8(bundle);
    for (int n = 0; n < all.length - 2; n += 7) {
      byte[] cut = java.util.Arrays.copyOf(all, n);
      VerificationException e =
          assertThrows(VerificationException.class, () -> verifier.verify(cut, null, null));
      assertEquals(FailureReason.MALFORMED, e.reason(), "cut at " + n + ": " + e.getMessage());
    }
  }

  @Test
  void garbageIsMalformed() {
    assertTrue(fails(utf8("not a bundle")).getMessage().startsWith("(document): not valid JSON"));
    assertTrue(fails(new byte[0]).getMessage().startsWith("(document): "));
    assertTrue(fails(utf8("[1,2]")).getMessage().contains("expected: a JSON object"));
    assertTrue(
        fails(utf8(bundle + "{}")).getMessage().startsWith("(document): not valid JSON"),
        "trailing content");
  }

  @Test
  void aDuplicateKeyIsRefused() {
    String twice = bundle.replaceFirst("\\{", "{\"mediaType\":\"x\",");
    assertTrue(fails(utf8(twice)).getMessage().contains("mediaType"));
  }
}
