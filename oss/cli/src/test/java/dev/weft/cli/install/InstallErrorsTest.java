package dev.weft.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: exit 2, nothing on stdout, and the error as one last line {@code weft: <what
 * happened>: <what to do>} (after any progress line).
 */
class InstallErrorsTest {
  private static void assertUsageError(Run run, String... fragments) {
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("", run.out());
    assertTrue(run.err().lines().allMatch(l -> l.startsWith("weft: ")), run.err());
    String error = run.err().lines().toList().getLast();
    for (String f : fragments) {
      assertTrue(error.contains(f), "'" + f + "' in: " + error);
    }
  }

  @Test
  void setWithoutEquals() {
    assertUsageError(
        Run.weft("install", "--set", "proxy.logLevel"), "--set proxy.logLevel", "KEY=VALUE");
  }

  @Test
  void setWithABadKey() {
    assertUsageError(Run.weft("install", "--set", "proxy..logLevel=debug"), "bad key");
  }

  @Test
  void valueTheSchemaRefuses() {
    assertUsageError(Run.weft("install", "--set", "proxy.logLevel=loud"), "/proxy/logLevel");
    assertUsageError(
        Run.weft("install", "--set", "proxy.ports.inbound=70000"), "/proxy/ports/inbound");
  }

  @Test
  void someIdentityFilesButNotAll(@TempDir Path dir) throws Exception {
    Path anchors =
        Files.writeString(
            dir.resolve("ca.crt"),
            IdentityMaterial.generate("cluster.local", Instant.now()).trustAnchorsPem());
    assertUsageError(
        Run.weft("install", "--identity-trust-anchors-file", anchors.toString()), "give all three");
  }

  @Test
  void issuerNotSignedByTheAnchors(@TempDir Path dir) throws Exception {
    IdentityMaterial one = IdentityMaterial.generate("cluster.local", Instant.now());
    IdentityMaterial other = IdentityMaterial.generate("cluster.local", Instant.now());
    Path anchors = Files.writeString(dir.resolve("ca.crt"), one.trustAnchorsPem());
    Path issuer = Files.writeString(dir.resolve("issuer.crt"), other.issuerCertificatePem());
    Path key = Files.writeString(dir.resolve("issuer.key"), other.issuerKeyPem());
    assertUsageError(
        Run.weft(
            "install",
            "--identity-trust-anchors-file",
            anchors.toString(),
            "--identity-issuer-certificate-file",
            issuer.toString(),
            "--identity-issuer-key-file",
            key.toString()),
        "signed it");
  }

  @Test
  void missingValuesFile(@TempDir Path dir) {
    assertUsageError(
        Run.weft("install", "-f", dir.resolve("nope.yaml").toString()), "nope.yaml", "cannot read");
  }

  @Test
  void badNamespace() {
    assertUsageError(Run.weft("install", "--namespace", "Weft_NS"), "--namespace Weft_NS");
  }
}
