package dev.weft.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.controlplane.ControlPlaneChannels;
import dev.weft.proxy.controlplane.ControlPlaneTlsConfig;
import dev.weft.proxy.tls.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certify over TLS to a control plane presenting its own identity from the mesh CA: accepted only
 * under the trust anchors and for exactly the configured identity, refused otherwise with a reason
 * that names what was expected and what was presented.
 */
class ControlPlaneTlsTest {
  static final String CONTROL_PLANE =
      "weft-control-plane.weft.serviceaccount.identity.weft.cluster.local";
  static final String WEB = "web.demo.serviceaccount.identity.weft.cluster.local";

  @TempDir Path dir;
  private final TestCa ca = TestCa.create("mesh");
  private TestCertifyServer server;
  private Path trust;
  private final KeyPair keys = keys();
  private final byte[] csr = SigningRequest.create(WEB, keys);

  @BeforeEach
  void start() throws Exception {
    server = new TestCertifyServer(ca, Clock.systemUTC(), ca.leaf(CONTROL_PLANE));
    trust = dir.resolve("trust-bundle.pem");
    Files.writeString(trust, TestCa.pem(ca.root()));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void certifiesWhenTheServerNamesTheExpectedIdentityUnderTheTrustAnchors() throws Exception {
    IssuedCertificate issued = certify(CONTROL_PLANE);
    assertEquals(keys.getPublic(), issued.chain().getFirst().getPublicKey());
    assertEquals(1, server.requests.size());
  }

  @Test
  void refusesAServerNamingAnotherIdentity() {
    String other = "weft-control-plane.other.serviceaccount.identity.weft.cluster.local";
    CertifyException e = assertThrows(CertifyException.class, () -> certify(other));
    assertTrue(
        e.getMessage()
            .contains(
                "the control plane presented identity "
                    + CONTROL_PLANE
                    + " (expected: "
                    + other
                    + ", --control-plane-identity)"),
        e.getMessage());
    assertEquals(List.of(), server.requests, "no token was sent to the impostor");
  }

  @Test
  void refusesAServerUnderAnUnknownRootAndTakesTheRootOnceTheFileHasIt() throws Exception {
    TestCa other = TestCa.create("other");
    Files.writeString(trust, TestCa.pem(other.root()));
    CertifyException e = assertThrows(CertifyException.class, () -> certify(CONTROL_PLANE));
    assertTrue(
        e.getMessage()
            .contains(
                "the control plane's certificate (identity "
                    + CONTROL_PLANE
                    + ", expected "
                    + CONTROL_PLANE
                    + ") does not chain to a trust anchor of "
                    + trust),
        e.getMessage());
    assertEquals(List.of(), server.requests);

    Files.writeString(trust, TestCa.pem(other.root(), ca.root()));
    certify(CONTROL_PLANE);
    assertEquals(1, server.requests.size());
  }

  @Test
  void aPlaintextChannelGetsNoAnswerFromATlsServer() {
    try (Certifier plaintext =
        new Certifier(server.address(), ControlPlaneChannels.plaintext(), Duration.ofSeconds(10))) {
      assertThrows(
          CertifyException.class, () -> plaintext.certify(WEB, token(), csr, keys.getPublic()));
    }
    assertEquals(List.of(), server.requests);
  }

  @Test
  void aWorkloadIdentityLogsWhyTheControlPlaneWasRefused() throws Exception {
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(WorkloadIdentity.class.getName());
    logger.addHandler(handler);
    Path token = dir.resolve("token");
    Files.writeString(token, "token-1");
    String expected = "weft-control-plane.elsewhere.serviceaccount.identity.weft.cluster.local";
    try (WorkloadIdentity identity =
        WorkloadIdentity.start(
            new IdentityConfig(WEB, token, trust, server.address(), Duration.ofSeconds(10)),
            ControlPlaneChannels.create(new ControlPlaneTlsConfig(expected, trust)),
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
      dev.weft.testkit.Await.until(
          () ->
              logged.stream()
                  .anyMatch(m ->
                      m.contains("presented identity " + CONTROL_PLANE)
                          && m.contains("expected: " + expected)),
          "a log line naming both identities");
      assertTrue(!identity.ready());
    } finally {
      logger.removeHandler(handler);
    }
  }

  private IssuedCertificate certify(String expected) throws Exception {
    try (Certifier certifier =
        new Certifier(
            server.address(),
            ControlPlaneChannels.create(new ControlPlaneTlsConfig(expected, trust)),
            Duration.ofSeconds(10))) {
      return certifier.certify(WEB, token(), csr, keys.getPublic());
    }
  }

  private static byte[] token() {
    return "token-1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static KeyPair keys() {
    try {
      return TestCa.newKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
