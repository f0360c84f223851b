package dev.weft.controlplane.fleet;

import static dev.weft.controlplane.fleet.InventoryTestServer.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.weft.api.fleet.v1.Heartbeat;
import dev.weft.api.fleet.v1.IdentityProof;
import dev.weft.api.fleet.v1.IdentityProofText;
import dev.weft.controlplane.identity.Csrs;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.TestCa;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.testkit.ManualClock;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats that prove their identity with the workload certificate: verified when everything
 * holds, refused with the reason otherwise, and the heartbeat kept either way.
 */
class IdentityProofTest {
  static final IdentityName BOOKS = new IdentityName("books", "demo", "cluster.local");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final TestCa mesh = TestCa.create(clock.instant().minus(Duration.ofDays(1)));
  private final KeyPair keys = keys();
  private final X509Certificate leaf = issue(mesh, BOOKS, keys);
  private final IdentityProofCheck check =
      new IdentityProofCheck(() -> List.of(mesh.root()), clock);
  private final InventoryTestServer server = new InventoryTestServer(clock, "local", List::of);

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aProofByTheNamedIdentitysKeyIsVerified() throws Exception {
    assertEquals(IdentityProofCheck.Verdict.VERIFIED, check.check(proven(heartbeat())));
  }

  @Test
  void aHeartbeatWithoutAProofIsOnlyClaimed() {
    assertEquals(IdentityProofCheck.Verdict.UNPROVEN, check.check(heartbeat().build()));
  }

  @Test
  void eachWrongProofIsRefusedWithItsReason() throws Exception {
    Heartbeat good = proven(heartbeat());
    refused(
        "identity_proof.signature: does not verify with the certificate's key",
        good.toBuilder().setInstance("impostor-0").build());
    refused(
        "identity_proof.signature: does not verify with the certificate's key",
        good.toBuilder().setSha256("cd".repeat(32)).build());
    refused(
        "identity_proof.signature: does not verify with the certificate's key",
        withProof(good, p -> p.setSignature(ByteString.copyFromUtf8("not a signature"))));
    refused(
        "identity_proof: the certificate names "
            + BOOKS.name()
            + ", not the heartbeat's identity authors.demo.serviceaccount.identity.weft.cluster.local",
        proven(
            heartbeat().setIdentity("authors.demo.serviceaccount.identity.weft.cluster.local"),
            leaf,
            keys.getPrivate()));
    refused(
        "identity_proof.chain[0]: not a DER X.509 certificate",
        withProof(good, p -> p.setChain(0, ByteString.copyFromUtf8("garbage"))));
    refused(
        "identity_proof.chain: 0 certificates (expected: 1 to 4)",
        withProof(good, IdentityProof.Builder::clearChain));
    refused(
        "identity_proof: the heartbeat names no identity to prove",
        good.toBuilder().setIdentity("").build());
  }

  @Test
  void aProofFromAnotherMeshOrOutOfTimeIsRefused() throws Exception {
    TestCa other = TestCa.create(clock.instant().minus(Duration.ofDays(1)));
    KeyPair otherKeys = keys();
    IdentityProofCheck.Verdict foreign =
        check.check(proven(heartbeat(), issue(other, BOOKS, otherKeys), otherKeys.getPrivate()));
    assertFalse(foreign.verified());
    assertTrue(
        foreign
            .problem()
            .startsWith("identity_proof.chain: does not lead to the mesh's trust anchors now: "),
        foreign.problem());

    Heartbeat signedNow = proven(heartbeat());
    clock.set(clock.instant().plus(Duration.ofMinutes(6)));
    refused(
        "identity_proof.signed_at: 2026-11-23T09:00:00Z is more than 5 minutes from the control"
            + " plane's clock (2026-11-23T09:06:00Z)",
        signedNow);

    // A day later the leaf has expired, even for a proof signed then.
    clock.set(leaf.getNotAfter().toInstant().plusSeconds(60));
    IdentityProofCheck.Verdict expired = check.check(proven(heartbeat()));
    assertTrue(
        expired.problem().startsWith("identity_proof.chain: does not lead to the mesh's trust"),
        expired.problem());

    IdentityProofCheck noAnchors = new IdentityProofCheck(List::of, clock);
    assertEquals(
        "identity_proof: the control plane holds no trust anchors yet",
        noAnchors.check(proven(heartbeat())).problem());
  }

  @Test
  void theInventoryKeepsEveryHeartbeatAndMarksWhichIdentitiesWereProven() throws Exception {
    server.anchors.add(mesh.root());
    server.report(proven(heartbeat()));
    server.report(proxy("books-1", "books", "demo").build());
    server.report(
        proven(heartbeat().setInstance("books-2")).toBuilder().setSha256("cd".repeat(32)).build());
    server.report(
        withProof(
            proven(heartbeat().setInstance("books-3")),
            p -> p.setSignature(ByteString.copyFromUtf8("forged"))));

    List<String> verified =
        server.inventory.components().components().stream()
            .filter(c -> c.component().equals("proxy"))
            .map(c -> c.instance() + "=" + c.identityVerified())
            .toList();
    assertEquals(
        List.of("books-0=true", "books-1=false", "books-2=false", "books-3=false"), verified);
    assertEquals(1, proofs("verified"));
    assertEquals(2, proofs("refused"), "books-2 changed a signed field, books-3 forged");
    assertEquals(1, proofs("absent"));
    assertEquals(4, server.heartbeats("ok"), "none was lost");
  }

  private double proofs(String result) {
    return server
        .registry
        .get("weft.fleet.identity.proofs")
        .tag("result", result)
        .counter()
        .count();
  }

  private void refused(String problem, Heartbeat heartbeat) {
    IdentityProofCheck.Verdict verdict = check.check(heartbeat);
    assertFalse(verdict.verified(), problem);
    assertEquals(problem, verdict.problem());
  }

  private Heartbeat.Builder heartbeat() {
    return proxy("books-0", "books", "demo").setIdentity(BOOKS.name());
  }

  private Heartbeat proven(Heartbeat.Builder heartbeat) throws Exception {
    return proven(heartbeat, leaf, keys.getPrivate());
  }

  private Heartbeat proven(Heartbeat.Builder heartbeat, X509Certificate cert, PrivateKey key)
      throws Exception {
    long signedAt = clock.instant().getEpochSecond();
    Signature signature = Signature.getInstance(IdentityProofText.ALGORITHM);
    signature.initSign(key);
    signature.update(IdentityProofText.of(heartbeat.build(), signedAt));
    IdentityProof.Builder proof =
        IdentityProof.newBuilder()
            .setSignedAt(Timestamp.newBuilder().setSeconds(signedAt))
            .setSignature(ByteString.copyFrom(signature.sign()))
            .addChain(ByteString.copyFrom(cert.getEncoded()));
    for (X509Certificate c : mesh.issuer().chain()) {
      if (cert.getIssuerX500Principal().equals(c.getSubjectX500Principal())) {
        proof.addChain(ByteString.copyFrom(c.getEncoded()));
      }
    }
    return heartbeat.setIdentityProof(proof).build();
  }

  private static Heartbeat withProof(Heartbeat h, UnaryOperator<IdentityProof.Builder> change) {
    return h.toBuilder().setIdentityProof(change.apply(h.getIdentityProof().toBuilder())).build();
  }

  private X509Certificate issue(TestCa ca, IdentityName name, KeyPair keyPair) {
    return new CertificateAuthority(clock, new SecureRandom(), Duration.ofHours(24))
        .issue(ca.issuer(), name, keyPair.getPublic());
  }

  private static KeyPair keys() {
    try {
      return Csrs.keys("secp256r1");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
