package dev.weft.attest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.attest.EcKeys;
import dev.weft.attest.KeyIds;
import dev.weft.attest.Subject;
import dev.weft.attest.TestSigning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  private final KeyPair signer = TestSigning.p256();
  @TempDir Path dir;
  private Path sbom;
  private Path bundle;
  private Path pub;

  @BeforeEach
  void signAnSbom() throws Exception {
    sbom = Files.writeString(dir.resolve("bom.json"), "{\"bomFormat\":\"CycloneDX\"}");
    bundle =
        Files.writeString(
            dir.resolve("bom.sigstore.json"),
            TestSigning.bundleJson(signer, TestSigning.sbomStatement(Subject.ofFile(sbom))));
    pub =
        Files.writeString(
            dir.resolve("pub.pem"), EcKeys.pem(EcKeys.PUBLIC, signer.getPublic().getEncoded()));
  }

  private CliRun verify(String... more) {
    String[] args = new String[more.length + 4];
    args[0] = "verify";
    args[1] = bundle.toString();
    args[2] = "--key";
    args[3] = pub.toString();
    System.arraycopy(more, 0, args, 4, more.length);
    return CliRun.of(args);
  }

  @Test
  void aGoodAttestationIsOneLineAndExitZero() {
    CliRun r =
        verify("--subject", sbom.toString(), "--predicate-type", "https://cyclonedx.org/bom");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertEquals(1, r.out().lines().count(), r.out());
    assertTrue(r.out().startsWith("verified: bom.json sha256:"), r.out());
    assertTrue(r.out().contains(KeyIds.of(signer.getPublic())), r.out());
  }

  @Test
  void aChangedSubjectExitsOneWithItsReason() throws Exception {
    Files.writeString(sbom, "{\"bomFormat\":\"CycloneDX\",\"extra\":1}");
    CliRun r = verify("--subject", sbom.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("weft: " + bundle + ": SUBJECT_DIGEST_MISMATCH: "), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void aTruncatedBundleExitsOneMalformed() throws Exception {
    String text = Files.readString(bundle);
    Files.writeString(bundle, text.substring(0, text.length() / 2));
    CliRun r = verify();
    assertEquals(1, r.code());
    assertTrue(r.err().contains(": MALFORMED: "), r.err());
  }

  @Test
  void aWrongPredicateTypeExitsOne() {
    CliRun r = verify("--predicate-type", "https://weft.dev/attestation/mesh-posture/v1");
    assertEquals(1, r.code());
    assertTrue(r.err().contains(": PREDICATE_TYPE_MISMATCH: "), r.err());
  }

  @Test
  void anotherKeyExitsOneWrongKey() throws Exception {
    Files.writeString(pub, EcKeys.pem(EcKeys.PUBLIC, TestSigning.p256().getPublic().getEncoded()));
    CliRun r = verify();
    assertEquals(1, r.code());
    assertTrue(r.err().contains(": WRONG_KEY: "), r.err());
  }

  @Test
  void aKeyThatIsNotAPemPublicKeyExitsFour() throws Exception {
    Files.writeString(pub, "hello");
    CliRun r = verify();
    assertEquals(4, r.code());
    assertTrue(r.err().startsWith("weft: " + pub + ": no '-----BEGIN PUBLIC KEY-----'"), r.err());
  }

  @Test
  void usageErrorsExitTwo() {
    CliRun noKey = CliRun.of("verify", bundle.toString());
    assertEquals(2, noKey.code());
    assertTrue(noKey.err().contains("--key"), noKey.err());
    CliRun missing = verify("--subject", dir.resolve("nope.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nope.json: no such file"), missing.err());
    assertEquals(2, CliRun.of().code(), "no subcommand");
  }
}
