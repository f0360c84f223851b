package dev.weft.licensing.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.licensing.KeyPem;
import dev.weft.licensing.LicenseStatus;
import dev.weft.licensing.LicenseVerifier;
import dev.weft.licensing.TrustedKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicenseToolTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        LicenseTool.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            CLOCK);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void keygenThenIssueThenInspect() throws Exception {
    Run keygen = run("keygen", "--out", dir.toString(), "--key-id", "acme-test");
    assertEquals(0, keygen.code(), keygen.err());
    Path privateKey = dir.resolve("acme-test.key");
    Path publicKey = dir.resolve("acme-test.pem");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey)));
    assertTrue(Files.readString(privateKey).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertTrue(Files.readString(publicKey).startsWith("-----BEGIN PUBLIC KEY-----"));

    Run issue =
        run(
            "issue",
            "--key",
            privateKey.toString(),
            "--key-id",
            "acme-test",
            "--id",
            "lic-2026-0042",
            "--customer",
            "Acme Corp",
            "--tier",
            "enterprise",
            "--feature",
            "hazl",
            "--feature",
            "compliance",
            "--clusters",
            "3",
            "--not-before",
            "2026-11-01",
            "--days",
            "365");
    assertEquals(0, issue.code(), issue.err());
    assertTrue(issue.err().contains("'acme-test' is not embedded"), issue.err());
    String key = issue.out().strip();
    assertTrue(key.startsWith("weft-lic-v1."), key);

    // The issued key verifies with the generated public key trusted as an extra key.
    TrustedKeys keys =
        TrustedKeys.embedded()
            .withExtra("acme-test", KeyPem.readPublic(Files.readString(publicKey), "test"));
    LicenseStatus status = new LicenseVerifier(keys, CLOCK).verify(key);
    assertTrue(status.usable(), status.message());
    assertEquals("lic-2026-0042", status.license().id());
    assertEquals(Set.of("compliance", "hazl"), status.license().features());
    assertEquals(OptionalLong.of(3), status.license().clusters());
    assertEquals(OptionalLong.empty(), status.license().meshedWorkloads());
    assertEquals(Instant.parse("2027-11-01T00:00:00Z"), status.license().expiresAt());
    assertEquals(CLOCK.instant(), status.license().issuedAt());

    Run withKey = run("inspect", key, "--public-key", publicKey.toString());
    assertEquals(0, withKey.code(), withKey.err());
    assertTrue(withKey.out().contains("customer:  Acme Corp"), withKey.out());
    assertTrue(withKey.out().contains("signature: verified with key " + publicKey), withKey.out());
    assertTrue(withKey.out().contains("is valid until 2027-11-01"), withKey.out());

    Files.writeString(dir.resolve("license.txt"), "\n" + key + "\n");
    Run embedded = run("inspect", "--file", dir.resolve("license.txt").toString());
    assertEquals(1, embedded.code(), embedded.out());
    assertTrue(embedded.out().contains("license lic-2026-0042"), embedded.out());
    assertTrue(
        embedded
            .out()
            .contains(
                "signature: does not verify: license lic-2026-0042 is signed"
                    + " with key 'acme-test', which this build does not trust"),
        embedded.out());
  }

  @Test
  void keygenNeverOverwritesAKey() throws Exception {
    assertEquals(0, run("keygen", "--out", dir.toString(), "--key-id", "k").code());
    String before = Files.readString(dir.resolve("k.key"));
    Run again = run("keygen", "--out", dir.toString(), "--key-id", "k");
    assertEquals(1, again.code());
    assertTrue(again.err().contains("k.key already exists"), again.err());
    assertEquals(before, Files.readString(dir.resolve("k.key")));
  }

  @Test
  void issueWithAKeyThatIsNotTheEmbeddedOnesPrivateKeyPrintsNothing() {
    run("keygen", "--out", dir.toString(), "--key-id", "impostor");
    Run r =
        run(
            "issue",
            "--key",
            dir.resolve("impostor.key").toString(),
            "--key-id",
            "weft-2026",
            "--customer",
            "Acme",
            "--tier",
            "enterprise",
            "--days",
            "30");
    assertEquals(1, r.code());
    assertEquals("", r.out());
    assertTrue(
        r.err().contains("is not the private key of the embedded public key 'weft-2026'"), r.err());
  }

  @Test
  void errorsAreOneLineWithTheCliExitCodes() {
    Run garbage = run("inspect", "not-a-key");
    assertEquals(4, garbage.code());
    assertEquals(
        "weft-license: license key is malformed: it does not start with 'weft-lic-v1.'",
        garbage.err().strip());

    Run both =
        run(
            "issue",
            "--key",
            "x",
            "--key-id",
            "k",
            "--customer",
            "c",
            "--tier",
            "enterprise",
            "--days",
            "3",
            "--expires",
            "2027-01-01");
    assertEquals(2, both.code());
    assertEquals(1, both.err().strip().lines().count(), both.err());

    Run badTier =
        run(
            "issue",
            "--key",
            "x",
            "--key-id",
            "k",
            "--customer",
            "c",
            "--tier",
            "gold",
            "--days",
            "3");
    assertEquals(2, badTier.code());
    assertTrue(badTier.err().contains("--tier: 'gold'"), badTier.err());

    Run noFile =
        run(
            "issue",
            "--key",
            dir.resolve("none.key").toString(),
            "--key-id",
            "k",
            "--customer",
            "c",
            "--tier",
            "enterprise",
            "--days",
            "3");
    assertEquals(2, noFile.code());
    assertTrue(noFile.err().contains("none.key does not exist"), noFile.err());

    Run noCommand = run();
    assertEquals(2, noCommand.code());
  }
}
