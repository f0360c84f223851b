package dev.weft.controlplane.identity.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.controlplane.identity.Csrs;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.TestCa;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CaSnapshot;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.controlplane.identity.ca.Fingerprints;
import dev.weft.controlplane.identity.ca.Pem;
import dev.weft.controlplane.local.StateDirectory;
import dev.weft.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local CA on disk: first start, reuse, file modes, and the three rotation steps. */
class LocalCaTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final SecureRandom random = new SecureRandom();

  @TempDir Path dir;

  @Test
  void createsTheCaOnceAndReusesItAfterARestart() throws Exception {
    CaHolder first = new CaHolder();
    try (StateDirectory state = StateDirectory.open(dir)) {
      LocalCa.open(state, "cluster.local", clock, random, first);
    }
    for (String secret : List.of("identity/issuer.key", "identity/roots/root-1.key")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(secret))),
          secret);
    }
    X509Certificate root = bundle().getFirst();
    assertEquals(1, bundle().size());

    CaHolder second = new CaHolder();
    try (StateDirectory state = StateDirectory.open(dir)) {
      LocalCa.open(state, "cluster.local", clock, random, second);
    }
    assertEquals(List.of(root), bundle());
    assertEquals(
        first.current().orElseThrow().issuer().certificate(),
        second.current().orElseThrow().issuer().certificate());
    assertEquals(List.of(root), second.current().orElseThrow().roots());
  }

  @Test
  void rotatesTheRootInThreeStepsInOrderOnly() throws Exception {
    CaHolder holder = new CaHolder();
    try (StateDirectory state = StateDirectory.open(dir)) {
      LocalCa ca = LocalCa.open(state, "cluster.local", clock, random, holder);
      X509Certificate oldRoot = bundle().getFirst();
      String oldIssuer = ca.status().issuer();
      assertEquals("steady", ca.status().phase());
      assertThrows(RotationConflictException.class, ca::moveIssuer);
      assertThrows(RotationConflictException.class, ca::dropOldRoots);

      RotationStatus added = ca.addRoot();
      X509Certificate newRoot = bundle().get(1);
      assertEquals(List.of(oldRoot, newRoot), bundle());
      assertEquals(fingerprints(oldRoot, newRoot), added.roots());
      assertEquals(oldIssuer, added.issuer(), "the issuer stays until move-issuer");
      assertEquals(Fingerprints.sha256(oldRoot), added.issuerRoot());
      assertThrows(RotationConflictException.class, ca::addRoot);
      RotationConflictException early =
          assertThrows(RotationConflictException.class, ca::dropOldRoots);
      assertTrue(early.getMessage().contains("move-issuer"), early.getMessage());
      X509Certificate leafBefore = leaf(holder.current().orElseThrow());

      RotationStatus moved = ca.moveIssuer();
      assertNotEquals(oldIssuer, moved.issuer());
      assertEquals(Fingerprints.sha256(newRoot), moved.issuerRoot());
      assertEquals(List.of(oldRoot, newRoot), bundle(), "both roots stay trusted");
      CaSnapshot afterMove = holder.current().orElseThrow();
      X509Certificate leafAfter = leaf(afterMove);
      TestCa.validate(leafAfter, afterMove.issuer().chain(), List.of(newRoot), clock.instant());
      assertThrows(
          CertPathValidatorException.class,
          () ->
              TestCa.validate(
                  leafAfter, afterMove.issuer().chain(), List.of(oldRoot), clock.instant()));
      assertThrows(RotationConflictException.class, ca::moveIssuer);

      RotationStatus dropped = ca.dropOldRoots();
      assertEquals(List.of(newRoot), bundle());
      assertEquals(fingerprints(newRoot), dropped.roots());
      assertEquals("steady", dropped.phase());
      assertTrue(Files.notExists(dir.resolve("identity/roots/root-1.key")));
      assertEquals(List.of(newRoot), holder.current().orElseThrow().roots());
      // A leaf signed before the move chains to the old root only, which is why the docs wait for
      // every leaf to renew between move-issuer and drop-old-roots.
      assertThrows(
          CertPathValidatorException.class,
          () -> TestCa.validate(leafBefore, List.of(), List.of(newRoot), clock.instant()));
    }
  }

  @Test
  void aRestartInTheMiddleOfARotationResumesIt() throws Exception {
    try (StateDirectory state = StateDirectory.open(dir)) {
      LocalCa.open(state, "cluster.local", clock, random, new CaHolder()).addRoot();
    }
    try (StateDirectory state = StateDirectory.open(dir)) {
      LocalCa ca = LocalCa.open(state, "cluster.local", clock, random, new CaHolder());
      assertEquals("root-added", ca.status().phase());
      assertEquals("issuer-moved", ca.moveIssuer().phase());
    }
  }

  @Test
  void refusesAnIssuerThatNoRootOfTheBundleSigned() throws Exception {
    try (StateDirectory state = StateDirectory.open(dir)) {
      LocalCa.open(state, "cluster.local", clock, random, new CaHolder());
    }
    TestCa stranger = TestCa.create(clock.instant());
    Files.writeString(
        dir.resolve("identity/issuer.crt"), Pem.certificates(stranger.issuer().chain()));
    Files.writeString(dir.resolve("identity/issuer.key"), Pem.privateKey(stranger.issuer().key()));
    try (StateDirectory state = StateDirectory.open(dir)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> LocalCa.open(state, "cluster.local", clock, random, new CaHolder()));
      assertTrue(e.getMessage().contains("issuer.crt is not signed by any root"), e.getMessage());
    }
  }

  private X509Certificate leaf(CaSnapshot snapshot) throws Exception {
    return new CertificateAuthority(clock, random, Duration.ofHours(1))
        .issue(
            snapshot.issuer(),
            new IdentityName("web", "demo", "cluster.local"),
            Csrs.keys("secp256r1").getPublic());
  }

  private List<X509Certificate> bundle() throws Exception {
    return Pem.readCertificates(
        Files.readString(dir.resolve("identity/trust-bundle.pem")), "bundle");
  }

  private static List<String> fingerprints(X509Certificate... roots) {
    return java.util.Arrays.stream(roots).map(Fingerprints::sha256).toList();
  }
}
