package dev.weft.compliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keygen, attest and verify on real files, then each way of tampering, each with its reason. */
class SignThenVerifyTest {
  private final Map<String, String> licensed = new TestLicenses().env(Set.of("compliance"));
  @TempDir Path dir;
  private Path keys;
  private Path sbom;
  private Path bundle;

  private Compliance weft(String... args) {
    return Compliance.run(licensed, Compliance.IN_TERM, args);
  }

  private Compliance verify(String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "verify";
    args[1] = bundle.toString();
    args[2] = "--key";
    args[3] = keys.resolve("pub.pem").toString();
    System.arraycopy(more, 0, args, 4, more.length);
    return weft(args);
  }

  @BeforeEach
  void keygenAndAttest() throws Exception {
    keys = dir.resolve("keys");
    Compliance keygen = weft("keygen", "--out", keys.toString());
    assertEquals(0, keygen.code(), keygen.toString());
    assertTrue(keygen.out().contains("key id "), keygen.out());
    sbom =
        Files.writeString(
            dir.resolve("bom.json"),
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}");
    bundle = dir.resolve("bom.sigstore.json");
    Compliance attest =
        weft(
            "attest",
            "--subject",
            sbom.toString(),
            "--key",
            keys.resolve("key.pem").toString(),
            "-o",
            bundle.toString());
    assertEquals(0, attest.code(), attest.toString());
    assertEquals("", attest.out());
    assertTrue(attest.err().startsWith("attested bom.json sha256:"), attest.err());
  }

  @Test
  void theBundleVerifiesAgainstTheFileAndTheSbomType() throws Exception {
    Compliance v =
        verify("--subject", sbom.toString(), "--predicate-type", "https://cyclonedx.org/bom");
    assertEquals(0, v.code(), v.toString());
    assertTrue(v.out().startsWith("verified: bom.json sha256:"), v.out());
    // The SBOM itself is the predicate, as cosign attests an SBOM.
    var tree = new ObjectMapper().readTree(Files.readString(bundle));
    var statement =
        new ObjectMapper()
            .readTree(Base64.getDecoder().decode(tree.at("/dsseEnvelope/payload").asText()));
    assertEquals("1.6", statement.at("/predicate/specVersion").asText());
  }

  @Test
  void attestWritesToStdoutWithoutOutput() {
    Compliance a =
        weft("attest", "--subject", sbom.toString(), "--key", keys.resolve("key.pem").toString());
    assertEquals(0, a.code(), a.toString());
    assertTrue(
        a.out().contains("\"mediaType\" : \"application/vnd.dev.sigstore.bundle.v0.3+json\""));
  }

  @Test
  void aChangedPayloadByteIsSignatureInvalid() throws Exception {
    ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(Files.readString(bundle));
    ObjectNode dsse = (ObjectNode) tree.get("dsseEnvelope");
    byte[] payload = Base64.getDecoder().decode(dsse.get("payload").asText());
    String text = new String(payload, StandardCharsets.UTF_8);
    payload[text.indexOf("\"1.6\"") + 1] = '9';
    dsse.put("payload", Base64.getEncoder().encodeToString(payload));
    Files.writeString(bundle, tree.toString());
    Compliance v = verify("--subject", sbom.toString());
    assertEquals(1, v.code());
    assertTrue(v.err().contains(": SIGNATURE_INVALID: "), v.err());
  }

  @Test
  void anotherSignersKeyIsWrongKey() {
    Path other = dir.resolve("other");
    assertEquals(0, weft("keygen", "--out", other.toString()).code());
    Compliance v = weft("verify", bundle.toString(), "--key", other.resolve("pub.pem").toString());
    assertEquals(1, v.code());
    assertTrue(v.err().contains(": WRONG_KEY: "), v.err());
  }

  @Test
  void aChangedSubjectIsADigestMismatch() throws Exception {
    Files.writeString(sbom, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}");
    Compliance v = verify("--subject", sbom.toString());
    assertEquals(1, v.code());
    assertTrue(v.err().contains(": SUBJECT_DIGEST_MISMATCH: "), v.err());
    assertEquals(2, v.err().split("sha256:", -1).length - 1, "both digests: " + v.err());
  }

  @Test
  void aTruncatedBundleIsMalformedAndAWrongTypeIsAMismatch() throws Exception {
    Compliance type = verify("--predicate-type", "https://weft.dev/attestation/mesh-posture/v1");
    assertEquals(1, type.code());
    assertTrue(type.err().contains(": PREDICATE_TYPE_MISMATCH: "), type.err());
    String text = Files.readString(bundle);
    Files.writeString(bundle, text.substring(0, text.indexOf("\"signatures\"") + 20));
    Compliance cut = verify();
    assertEquals(1, cut.code());
    assertTrue(cut.err().contains(": MALFORMED: dsseEnvelope.signatures"), cut.err());
  }

  @Test
  void keygenNeverOverwritesAKey() throws Exception {
    String before = Files.readString(keys.resolve("key.pem"));
    Compliance again = weft("keygen", "--out", keys.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().contains("key.pem exists"), again.err());
    assertEquals(before, Files.readString(keys.resolve("key.pem")));
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(keys.resolve("key.pem"))));
  }

  @Test
  void badInputsHaveTheirExitCodes() throws Exception {
    Path notJson = Files.writeString(dir.resolve("notes.txt"), "plain text");
    String key = keys.resolve("key.pem").toString();
    assertEquals(4, weft("attest", "--subject", notJson.toString(), "--key", key).code());
    Compliance other =
        weft(
            "attest",
            "--subject",
            notJson.toString(),
            "--key",
            key,
            "--predicate-type",
            "https://example.com/notes/v1");
    assertEquals(0, other.code(), "any file can be attested under another type: " + other);
    assertEquals(4, weft("attest", "--subject", sbom.toString(), "--key", sbom.toString()).code());
    assertEquals(2, weft("attest", "--subject", "nope.json", "--key", key).code());
    assertEquals(2, weft("attest", "--key", key).code());
  }
}
