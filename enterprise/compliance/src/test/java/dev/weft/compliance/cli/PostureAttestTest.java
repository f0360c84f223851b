package dev.weft.compliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attest --posture: the control plane's report signed, written, and verified offline. */
class PostureAttestTest {
  private static final String POSTURE = "https://weft.dev/attestation/mesh-posture/v1";

  private final Map<String, String> licensed = new TestLicenses().env(Set.of("compliance"));
  @TempDir Path dir;
  private FakeControlPlane cp;
  private Path keys;
  private Path report;
  private Path bundle;

  @BeforeEach
  void start() throws Exception {
    cp = new FakeControlPlane();
    keys = dir.resolve("keys");
    assertEquals(0, weft("keygen", "--out", keys.toString()).code());
    report = dir.resolve("report.json");
    bundle = dir.resolve("posture.sigstore.json");
  }

  @AfterEach
  void stop() {
    cp.close();
  }

  private Compliance weft(String... args) {
    return Compliance.run(licensed, Compliance.IN_TERM, args);
  }

  private Compliance attest(String... more) {
    String[] base = {
      "attest",
      "--posture",
      "--control-plane",
      cp.url(),
      "--key",
      keys.resolve("key.pem").toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return weft(args);
  }

  private Compliance verify(Path subject) {
    return weft(
        "verify",
        bundle.toString(),
        "--key",
        keys.resolve("pub.pem").toString(),
        "--subject",
        subject.toString(),
        "--predicate-type",
        POSTURE);
  }

  @Test
  void theReportIsTheSubjectAndVerifiesAndAnEditedOneDoesNot() throws Exception {
    Compliance a =
        attest("--window", "15m", "--report", report.toString(), "-o", bundle.toString());
    assertEquals(0, a.code(), a.toString());
    assertTrue(a.err().startsWith("attested mesh-posture.json sha256:"), a.err());
    assertTrue(a.err().contains("(" + POSTURE + ")"), a.err());
    assertTrue(cp.requests.contains("/v1/fleet/posture?window=15m"), cp.requests.toString());
    JsonNode written = new ObjectMapper().readTree(report.toFile());
    assertEquals("15m", written.get("window").asText());
    assertEquals(42, written.at("/summary/mtlsRequests").asInt());

    Compliance ok = verify(report);
    assertEquals(0, ok.code(), ok.toString());
    assertTrue(ok.out().startsWith("verified: mesh-posture.json sha256:"), ok.out());

    // The predicate is the report: the bundle alone says what was attested.
    JsonNode statement =
        new ObjectMapper()
            .readTree(
                Base64.getDecoder()
                    .decode(
                        new ObjectMapper()
                            .readTree(bundle.toFile())
                            .at("/dsseEnvelope/payload")
                            .asText()));
    assertEquals(written, statement.get("predicate"));
    assertEquals("mesh-posture.json", statement.at("/subject/0/name").asText());

    Files.writeString(
        report, Files.readString(report).replace("\"mtls\" : true", "\"mtls\" : false"));
    Compliance edited = verify(report);
    assertEquals(1, edited.code(), edited.toString());
    assertTrue(edited.err().contains(": SUBJECT_DIGEST_MISMATCH: "), edited.err());
  }

  @Test
  void theDefaultWindowIsAnHourAndABadOneIsAUsageError() {
    Compliance a = attest("-o", bundle.toString());
    assertEquals(0, a.code(), a.toString());
    assertTrue(cp.requests.contains("/v1/fleet/posture?window=1h"), cp.requests.toString());
    Compliance bad = attest("--window", "forever");
    assertEquals(2, bad.code(), bad.toString());
    assertTrue(bad.err().contains("--window=forever: refused by the control plane"), bad.err());
  }

  @Test
  void sigstoreUrlIsRefusedAndNeverContacted() throws Exception {
    Compliance r =
        weft("attest", "--posture", "--control-plane", cp.url(), "--sigstore-url", cp.url());
    assertEquals(1, r.code(), r.toString());
    assertEquals(
        "weft: keyless signing through "
            + cp.url()
            + " is not supported by this build: use --key or --key-secret",
        r.err().strip());
    assertTrue(cp.requests.isEmpty(), "nothing was asked of anyone: " + cp.requests);
  }

  @Test
  void subjectAndPostureAreExclusiveAndPostureOptionsNeedPosture() throws Exception {
    Path file = Files.writeString(dir.resolve("bom.json"), "{}");
    String key = keys.resolve("key.pem").toString();
    Compliance both = weft("attest", "--posture", "--subject", file.toString(), "--key", key);
    assertEquals(2, both.code(), both.toString());
    assertTrue(both.err().contains("mutually exclusive"), both.err());
    assertEquals(
        2, weft("attest", "--subject", file.toString(), "--window", "1h", "--key", key).code());
    assertEquals(2, attest("--predicate-type", "https://cyclonedx.org/bom").code());
    Compliance noKey = weft("attest", "--posture", "--control-plane", cp.url());
    assertEquals(2, noKey.code(), noKey.toString());
    assertFalse(Files.exists(bundle));
  }

  @Test
  void anUnreachableControlPlaneIsAClearError() {
    String url = cp.url();
    cp.close();
    Compliance r = attest("-o", bundle.toString());
    assertEquals(1, r.code(), r.toString());
    assertTrue(r.err().startsWith("weft: cannot reach the control plane at " + url), r.err());
    assertFalse(Files.exists(bundle));
  }
}
