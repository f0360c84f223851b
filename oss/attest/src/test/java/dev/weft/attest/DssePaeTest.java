package dev.weft.attest;

import static dev.weft.attest.TestSigning.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wire format against the DSSE and Sigstore specs, computed by hand, not by our code. */
class DssePaeTest {
  @Test
  void paeIsTheSpecsExample() {
    // The example of the DSSE protocol document.
    assertEquals(
        "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
        new String(
            Dsse.pae("http://example.com/HelloWorld", utf8("hello world")),
            StandardCharsets.UTF_8));
  }

  @Test
  void lengthsAreByteCountsNotCharacters() {
    String text = "{\"name\":\"Zürich – β\"}";
    byte[] payload = utf8(text);
    assertEquals(text.length() + 4, payload.length, "ü and β take 2 bytes, the dash 3");
    byte[] expected = utf8("DSSEv1 28 application/vnd.in-toto+json " + payload.length + " " + text);
    assertArrayEquals(expected, Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
  }

  @Test
  void aSignatureOverTheHandBuiltPaeVerifies() throws Exception {
    KeyPair pair = TestSigning.p256();
    String statement =
        "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"bom.json\","
            + "\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"https://cyclonedx.org/bom\","
            + "\"predicate\":{}}";
    String pae =
        "DSSEv1 28 application/vnd.in-toto+json " + utf8(statement).length + " " + statement;
    byte[] sig = TestSigning.sign(pair.getPrivate(), utf8(pae));
    // A bundle written by hand, field by field as the Sigstore bundle v0.3 JSON has them.
    String bundle =
        "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\","
            + "\"verificationMaterial\":{\"publicKey\":{\"hint\":\""
            + KeyIds.of(pair.getPublic())
            + "\"}},\"dsseEnvelope\":{\"payload\":\""
            + Base64.getEncoder().encodeToString(utf8(statement))
            + "\",\"payloadType\":\"application/vnd.in-toto+json\",\"signatures\":[{\"sig\":\""
            + Base64.getEncoder().encodeToString(sig)
            + "\",\"keyid\":\"\"}]}}";
    Statement verified = new AttestationVerifier(pair.getPublic()).verify(utf8(bundle), null, null);
    assertEquals(List.of(new Subject("bom.json", Map.of("sha256", "ab"))), verified.subjects());
  }

  @Test
  void writtenBundlesHaveTheSpecsFieldsAndASignatureOverThePae() throws Exception {
    KeyPair pair = TestSigning.p256();
    Statement statement =
        TestSigning.sbomStatement(new Subject("bom.json", Map.of("sha256", "cd")));
    JsonNode bundle = new ObjectMapper().readTree(TestSigning.bundleJson(pair, statement));
    assertEquals("application/vnd.dev.sigstore.bundle.v0.3+json", bundle.get("mediaType").asText());
    assertEquals(
        KeyIds.of(pair.getPublic()), bundle.at("/verificationMaterial/publicKey/hint").asText());
    JsonNode dsse = bundle.get("dsseEnvelope");
    assertEquals("application/vnd.in-toto+json", dsse.get("payloadType").asText());
    byte[] payload = Base64.getDecoder().decode(dsse.get("payload").asText());
    JsonNode st = new ObjectMapper().readTree(payload);
    assertEquals("https://in-toto.io/Statement/v1", st.get("_type").asText());
    assertEquals("cd", st.at("/subject/0/digest/sha256").asText());
    assertEquals("https://cyclonedx.org/bom", st.get("predicateType").asText());
    byte[] pae =
        utf8(
            "DSSEv1 28 application/vnd.in-toto+json "
                + payload.length
                + " "
                + new String(payload, StandardCharsets.UTF_8));
    var v = java.security.Signature.getInstance("SHA256withECDSA");
    v.initVerify(pair.getPublic());
    v.update(pae);
    assertEquals(true, v.verify(Base64.getDecoder().decode(dsse.at("/signatures/0/sig").asText())));
  }
}
