package dev.weft.compliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.cli.CliCommandProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing needs the license feature 'compliance'; verifying never needs a license. */
class LicenseRefusalTest {
  // Past the license's end (2027-11-01) and its 30 days of grace.
  private static final Clock EXPIRED =
      Clock.fixed(Instant.parse("2028-01-15T00:00:00Z"), ZoneOffset.UTC);

  private final TestLicenses licenses = new TestLicenses();
  @TempDir Path dir;
  private Path keys;
  private Path sbom;
  private Path bundle;

  @BeforeEach
  void signWhileLicensed() throws Exception {
    Map<String, String> licensed = licenses.env(Set.of("compliance"));
    keys = dir.resolve("keys");
    assertEquals(
        0, Compliance.run(licensed, Compliance.IN_TERM, "keygen", "--out", keys.toString()).code());
    sbom = Files.writeString(dir.resolve("bom.json"), "{\"bomFormat\":\"CycloneDX\"}");
    bundle = dir.resolve("bom.sigstore.json");
    Compliance a = Compliance.run(licensed, Compliance.IN_TERM, attest());
    assertEquals(0, a.code(), a.toString());
  }

  private String[] attest() {
    return new String[] {
      "attest",
      "--subject",
      sbom.toString(),
      "--key",
      keys.resolve("key.pem").toString(),
      "-o",
      bundle.toString()
    };
  }

  private void refused(Compliance r, String reason) throws Exception {
    assertEquals(1, r.code(), r.toString());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("weft: compliance "), r.err());
    assertTrue(r.err().contains("needs the license feature 'compliance': "), r.err());
    assertTrue(r.err().contains(reason), r.err());
    assertTrue(r.err().contains("weft compliance verify needs none"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  private void verifyStillWorks(Map<String, String> env, Clock clock) {
    Compliance v =
        Compliance.run(
            env,
            clock,
            "verify",
            bundle.toString(),
            "--key",
            keys.resolve("pub.pem").toString(),
            "--subject",
            sbom.toString());
    assertEquals(0, v.code(), v.toString());
  }

  @Test
  void withoutALicenseAttestAndKeygenAreRefusedAndVerifyWorks() throws Exception {
    String before = Files.readString(bundle);
    Map<String, String> none = licenses.noLicense();
    refused(Compliance.run(none, Compliance.IN_TERM, attest()), "no license key configured");
    assertEquals(before, Files.readString(bundle), "nothing was written");
    refused(
        Compliance.run(none, Compliance.IN_TERM, "keygen", "--out", dir.resolve("k2").toString()),
        "no license key configured");
    assertFalse(Files.exists(dir.resolve("k2")));
    verifyStillWorks(none, Compliance.IN_TERM);
  }

  @Test
  void withoutALicenseTheFleetSbomAndPostureAreRefusedBeforeAnyRequest() throws Exception {
    Map<String, String> none = licenses.noLicense();
    try (FakeControlPlane cp = new FakeControlPlane()) {
      Path out = dir.resolve("fleet.cdx.json");
      Compliance sbom =
          Compliance.run(
              none, Compliance.IN_TERM, "sbom", "--control-plane", cp.url(), "-o", out.toString());
      refused(sbom, "no license key configured");
      assertTrue(sbom.err().startsWith("weft: compliance sbom needs"), sbom.err());
      assertFalse(Files.exists(out));
      Compliance posture =
          Compliance.run(
              none,
              Compliance.IN_TERM,
              "attest",
              "--posture",
              "--control-plane",
              cp.url(),
              "--key",
              keys.resolve("key.pem").toString(),
              "-o",
              dir.resolve("posture.sigstore.json").toString());
      refused(posture, "no license key configured");
      assertTrue(cp.requests.isEmpty(), "the control plane was not asked: " + cp.requests);
      refused(
          Compliance.run(
              licenses.env(Set.of("hazl")),
              Compliance.IN_TERM,
              "sbom",
              "--control-plane",
              cp.url()),
          "feature 'compliance' is not in license lic-2026-0042");
    }
    verifyStillWorks(none, Compliance.IN_TERM);
  }

  @Test
  void withAnExpiredLicenseAttestIsRefusedAndVerifyWorks() throws Exception {
    Map<String, String> licensed = licenses.env(Set.of("compliance"));
    refused(Compliance.run(licensed, EXPIRED, attest()), "expired");
    verifyStillWorks(licensed, EXPIRED);
  }

  @Test
  void aLicenseWithoutTheFeatureIsRefusedNamingIt() throws Exception {
    refused(
        Compliance.run(licenses.env(Set.of("hazl")), Compliance.IN_TERM, attest()),
        "feature 'compliance' is not in license lic-2026-0042");
  }

  @Test
  void inItsGracePeriodAttestWorksWithAWarning() {
    Clock grace = Clock.fixed(Instant.parse("2027-11-10T00:00:00Z"), ZoneOffset.UTC);
    Compliance a = Compliance.run(licenses.env(Set.of("compliance")), grace, attest());
    assertEquals(0, a.code(), a.toString());
    assertTrue(a.err().startsWith("weft: warning: "), a.err());
  }

  @Test
  void theProviderIsFoundAlwaysAvailableAndAboveTheOpenSourceOne() {
    CliCommandProvider p =
        ServiceLoader.load(CliCommandProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(c -> c.name().equals("compliance"))
            .findFirst()
            .orElseThrow();
    assertTrue(p.isAvailable());
    assertTrue(p.priority() > 0, "the open-source weft compliance has priority 0");
  }
}
