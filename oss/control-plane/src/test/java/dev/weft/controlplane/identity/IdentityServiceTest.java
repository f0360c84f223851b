package dev.weft.controlplane.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.weft.api.identity.v1.CertifyRequest;
import dev.weft.api.identity.v1.CertifyResponse;
import dev.weft.api.identity.v1.IdentityGrpc;
import dev.weft.controlplane.GrpcServer;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.controlplane.identity.local.BootstrapTokens;
import dev.weft.testkit.ManualClock;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Certify over a real socket, with local bootstrap tokens: each outcome and its status. */
class IdentityServiceTest {
  private static final String WEB = "web.demo.serviceaccount.identity.weft.cluster.local";
  private static final Duration LIFETIME = Duration.ofSeconds(90);

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final SecureRandom random = new SecureRandom();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CaHolder holder = new CaHolder();
  private final BootstrapTokens tokens = new BootstrapTokens(new byte[32], clock, random);
  private TestCa ca;
  private GrpcServer server;
  private ManagedChannel channel;
  private IdentityGrpc.IdentityBlockingStub identity;

  @BeforeEach
  void start() {
    ca = TestCa.create(clock.instant().minus(Duration.ofHours(1)));
    holder.publish(ca.snapshot());
    IdentityService service =
        new IdentityService(
            "cluster.local",
            tokens,
            holder,
            new CertificateAuthority(clock, random, LIFETIME),
            new IdentityMetrics(registry, holder));
    server = GrpcServer.start("127.0.0.1", 0, service);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    identity = IdentityGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void issuesALeafThatChainsToTheRootAndNamesOnlyTheIdentity() throws Exception {
    KeyPair keys = Csrs.keys("secp256r1");
    // The request asks for CN and DNS SAN of its own identity; the SPIFFE URI comes from the CA.
    CertifyResponse response =
        identity.certify(request(WEB, token("demo", "web"), Csrs.csr(keys, WEB, List.of(WEB))));

    X509Certificate leaf = certificate(response.getLeafCertificate());
    List<X509Certificate> intermediates =
        response.getIntermediateCertificatesList().stream()
            .map(IdentityServiceTest::certificate)
            .toList();
    assertEquals(List.of(ca.issuer().certificate()), intermediates);
    TestCa.validate(leaf, intermediates, List.of(ca.root()), clock.instant());
    assertEquals(keys.getPublic(), leaf.getPublicKey());
    assertEquals("CN=" + WEB, leaf.getSubjectX500Principal().getName());
    assertEquals(
        List.of(List.of(2, WEB), List.of(6, "spiffe://cluster.local/ns/demo/sa/web")),
        leaf.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), leaf.getExtendedKeyUsage());
    assertEquals(-1, leaf.getBasicConstraints());
    assertTrue(leaf.getKeyUsage()[0], "digitalSignature");
    assertEquals(clock.instant().plus(LIFETIME), leaf.getNotAfter().toInstant());
    assertEquals(
        clock.instant().minus(CertificateAuthority.CLOCK_SKEW_ALLOWANCE),
        leaf.getNotBefore().toInstant());
    assertEquals(
        leaf.getNotAfter().toInstant().getEpochSecond(), response.getValidUntil().getSeconds());
    assertEquals(1.0, count("ok"));
  }

  @Test
  void tokenForAnotherIdentityIsPermissionDenied() throws Exception {
    KeyPair keys = Csrs.keys("secp256r1");
    StatusRuntimeException e =
        refused(request(WEB, token("demo", "books"), Csrs.csr(keys, WEB, List.of())));
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertTrue(
        e.getStatus().getDescription().contains("books.demo"), e.getStatus().getDescription());
    assertEquals(1.0, count("permission_denied"));
  }

  @Test
  void expiredTokenIsUnauthenticated() throws Exception {
    String token =
        tokens
            .mint(new IdentityName("web", "demo", "cluster.local"), Duration.ofMinutes(5))
            .token();
    clock.advance(Duration.ofMinutes(5));
    StatusRuntimeException e =
        refused(request(WEB, token, Csrs.csr(Csrs.keys("secp256r1"), WEB, List.of())));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("expired"), e.getStatus().getDescription());
    assertEquals(1.0, count("unauthenticated"));
  }

  @Test
  void forgedTokensAreUnauthenticated() throws Exception {
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    String foreign =
        new BootstrapTokens(otherKey, clock, random)
            .mint(new IdentityName("web", "demo", "cluster.local"), Duration.ofHours(1))
            .token();
    // A genuine token for "books" whose payload is rewritten to claim "web" keeps books's MAC.
    String genuine = token("demo", "books");
    String[] parts = genuine.split("\\.");
    String claimsWeb =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                    .replace("demo:books", "demo:web")
                    .getBytes());
    String tampered = parts[0] + "." + claimsWeb + "." + parts[2];
    for (String token : List.of(foreign, tampered, "not a token", "weft-bootstrap-v1.x.y")) {
      StatusRuntimeException e =
          refused(request(WEB, token, Csrs.csr(Csrs.keys("secp256r1"), WEB, List.of())));
      assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), token);
    }
  }

  @Test
  void garbageCsrIsInvalidArgument() {
    StatusRuntimeException e =
        refused(request(WEB, token("demo", "web"), new byte[] {0x30, 0x03, 1, 2, 3}));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("PKCS#10"), e.getStatus().getDescription());
  }

  @Test
  void csrNamingAnotherIdentityIsInvalidArgument() throws Exception {
    String books = "books.demo.serviceaccount.identity.weft.cluster.local";
    KeyPair keys = Csrs.keys("secp256r1");
    for (byte[] csr :
        List.of(Csrs.csr(keys, books, List.of()), Csrs.csr(keys, WEB, List.of(WEB, books)))) {
      StatusRuntimeException e = refused(request(WEB, token("demo", "web"), csr));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains(books), e.getStatus().getDescription());
    }
  }

  @Test
  void csrWithoutProofOfPossessionOrWithAWeakKeyIsInvalidArgument() throws Exception {
    KeyPair victim = Csrs.keys("secp256r1");
    KeyPair attacker = Csrs.keys("secp256r1");
    byte[] borrowed = Csrs.csr(victim.getPublic(), attacker.getPrivate(), WEB, List.of());
    StatusRuntimeException e = refused(request(WEB, token("demo", "web"), borrowed));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("proof of possession"));

    byte[] p384 = Csrs.csr(Csrs.keys("secp384r1"), WEB, List.of());
    e = refused(request(WEB, token("demo", "web"), p384));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("P-256"), e.getStatus().getDescription());
  }

  @Test
  void malformedIdentityIsInvalidArgumentAndMissingIssuerUnavailable() throws Exception {
    byte[] csr = Csrs.csr(Csrs.keys("secp256r1"), WEB, List.of());
    StatusRuntimeException e = refused(request("web.demo.example.com", token("demo", "web"), csr));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("web.demo.example.com"));

    CaHolder empty = new CaHolder();
    IdentityService service =
        new IdentityService(
            "cluster.local",
            tokens,
            empty,
            new CertificateAuthority(clock, random, LIFETIME),
            new IdentityMetrics(new SimpleMeterRegistry(), empty));
    try (GrpcServer unready = GrpcServer.start("127.0.0.1", 0, service)) {
      ManagedChannel other =
          NettyChannelBuilder.forAddress("127.0.0.1", unready.port()).usePlaintext().build();
      try {
        e =
            assertThrows(
                StatusRuntimeException.class,
                () ->
                    IdentityGrpc.newBlockingStub(other)
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .certify(request(WEB, token("demo", "web"), csr)));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
      } finally {
        other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
    assertEquals(1.0, count("invalid_argument"));
  }

  private StatusRuntimeException refused(CertifyRequest request) {
    return assertThrows(StatusRuntimeException.class, () -> identity.certify(request));
  }

  private String token(String namespace, String serviceAccount) {
    return tokens
        .mint(new IdentityName(serviceAccount, namespace, "cluster.local"), Duration.ofHours(1))
        .token();
  }

  private double count(String result) {
    return registry.get("weft.identity.certify.requests").tag("result", result).counter().count();
  }

  static CertifyRequest request(String name, String token, byte[] csr) {
    return CertifyRequest.newBuilder()
        .setIdentity(name)
        .setToken(ByteString.copyFromUtf8(token + "\n"))
        .setCertificateSigningRequest(ByteString.copyFrom(csr))
        .build();
  }

  static X509Certificate certificate(ByteString der) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der.toByteArray()));
    } catch (java.security.cert.CertificateException e) {
      throw new AssertionError("not a certificate", e);
    }
  }
}
