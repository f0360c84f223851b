package dev.weft.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.tls.TestCa;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** start() refuses bad configuration with a message naming the field or the file. */
class IdentityConfigTest {
  @TempDir Path dir;
  private IdentityFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new IdentityFixture(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private static void refused(String expected, Executable start) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, start);
    assertTrue(e.getMessage().contains(expected), () -> "message: " + e.getMessage());
  }

  private IdentityConfig with(String name, Path trust, InetSocketAddress cp, Duration reload) {
    return new IdentityConfig(name, f.tokenFile, trust, cp, reload);
  }

  @Test
  void badFieldsAreNamed() {
    InetSocketAddress cp = f.server.address();
    refused(
        "identity name: 'Web_Demo'",
        () -> with("Web_Demo", f.trustFile, cp, IdentityFixture.RELOAD).validate());
    refused(
        "identity name: missing",
        () -> with(null, f.trustFile, cp, IdentityFixture.RELOAD).validate());
    refused(
        "identity token file: missing",
        () ->
            new IdentityConfig(IdentityFixture.NAME, null, f.trustFile, cp, IdentityFixture.RELOAD)
                .validate());
    refused(
        "control plane address: missing",
        () -> with(IdentityFixture.NAME, f.trustFile, null, IdentityFixture.RELOAD).validate());
    refused(
        "trust reload interval: PT0S",
        () -> with(IdentityFixture.NAME, f.trustFile, cp, Duration.ZERO).validate());
  }

  @Test
  void aMissingOrBadTrustFileFailsStart() throws Exception {
    Path missing = dir.resolve("missing.pem");
    refused(
        missing + ": does not exist",
        () ->
            start(with(IdentityFixture.NAME, missing, f.server.address(), IdentityFixture.RELOAD)));

    Files.writeString(f.trustFile, "");
    refused(f.trustFile + ": empty", () -> start(f.config(IdentityFixture.NAME)));

    Files.writeString(f.trustFile, "hello");
    refused(
        f.trustFile + ": no PEM certificate found", () -> start(f.config(IdentityFixture.NAME)));

    Files.writeString(
        f.trustFile,
        TestCa.pem(f.ca.leaf("a.b.serviceaccount.identity.weft.cluster.local").certificate()));
    refused("is not a CA certificate", () -> start(f.config(IdentityFixture.NAME)));
  }

  @Test
  void aMissingTokenFileDoesNotFailStart() throws Exception {
    Files.delete(f.tokenFile);
    WorkloadIdentity.start(
            f.config(IdentityFixture.NAME),
            f.registry,
            f.clock,
            f.scheduler,
            new SplittableRandom(1))
        .close();
  }

  private void start(IdentityConfig config) {
    WorkloadIdentity.start(config, f.registry, f.clock, f.scheduler, new SplittableRandom(1))
        .close();
  }
}
