package dev.weft.cli.compliance;

import static dev.weft.cli.CliRun.weft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.attest.Dsse;
import dev.weft.attest.EcKeys;
import dev.weft.attest.Envelope;
import dev.weft.attest.EnvelopeSignature;
import dev.weft.attest.KeyIds;
import dev.weft.attest.Predicate;
import dev.weft.attest.SigstoreBundle;
import dev.weft.attest.Statement;
import dev.weft.attest.Subject;
import dev.weft.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft compliance verify} in the open-source weft: no license, no enterprise jar. */
class ComplianceVerifyTest {
  @TempDir Path dir;
  private Path sbom;
  private Path bundle;
  private Path pub;

  @BeforeEach
  void signAnSbom() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    sbom = Files.writeString(dir.resolve("bom.json"), "{\"bomFormat\":\"CycloneDX\"}");
    byte[] payload =
        new Statement(
                List.of(Subject.ofFile(sbom)),
                new Predicate(Predicate.CYCLONEDX_BOM, JsonNodeFactory.instance.objectNode()))
            .toJson();
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(pair.getPrivate());
    s.update(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
    String keyId = KeyIds.of(pair.getPublic());
    bundle =
        Files.writeString(
            dir.resolve("bom.sigstore.json"),
            new SigstoreBundle(
                    keyId,
                    new Envelope(
                        Dsse.IN_TOTO_PAYLOAD_TYPE,
                        payload,
                        List.of(new EnvelopeSignature(keyId, s.sign()))))
                .toJson());
    pub =
        Files.writeString(
            dir.resolve("pub.pem"), EcKeys.pem(EcKeys.PUBLIC, pair.getPublic().getEncoded()));
  }

  @Test
  void verifiesWithoutALicense() {
    CliRun run =
        weft(
            "compliance",
            "verify",
            bundle.toString(),
            "--key",
            pub.toString(),
            "--subject",
            sbom.toString(),
            "--predicate-type",
            Predicate.CYCLONEDX_BOM);
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().startsWith("verified: bom.json sha256:"), run.out());
  }

  @Test
  void aChangedSubjectExits1WithTheReason() throws Exception {
    Files.writeString(sbom, "{}");
    CliRun run =
        weft(
            "compliance",
            "verify",
            bundle.toString(),
            "--key",
            pub.toString(),
            "--subject",
            sbom.toString());
    assertEquals(1, run.code(), run.toString());
    assertTrue(run.err().contains(": SUBJECT_DIGEST_MISMATCH: "), run.err());
  }

  @Test
  void helpListsComplianceAndOnlyVerifyIsOffered() {
    String help = weft("--help").out().replaceAll("\\s+", " ");
    assertTrue(help.contains(" compliance Verify signed attestations offline"), help);
    CliRun attest = weft("compliance", "attest", "--subject", sbom.toString());
    assertEquals(2, attest.code(), attest.toString());
    assertTrue(attest.err().contains("attest"), attest.err());
  }
}
