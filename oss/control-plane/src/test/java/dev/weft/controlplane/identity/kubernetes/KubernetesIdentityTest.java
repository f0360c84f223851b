package dev.weft.controlplane.identity.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.weft.api.identity.v1.CertifyRequest;
import dev.weft.api.identity.v1.CertifyResponse;
import dev.weft.api.identity.v1.IdentityGrpc;
import dev.weft.controlplane.GrpcServer;
import dev.weft.controlplane.identity.Csrs;
import dev.weft.controlplane.identity.IdentityMetrics;
import dev.weft.controlplane.identity.IdentityService;
import dev.weft.controlplane.identity.TestCa;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.controlplane.identity.ca.Pem;
import dev.weft.testkit.Await;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes mode end to end against fabric8's mock API server in CRUD mode: the issuer Secret and
 * trust-anchors ConfigMap live in its store, tokens are checked by TokenReview.
 */
@EnableKubernetesMockClient(crud = true)
public class KubernetesIdentityTest {
  static final String WEB = "web.demo.serviceaccount.identity.weft.cluster.local";

  KubernetesMockServer server;
  KubernetesClient client;

  private final TestCa ca = TestCa.create(Instant.now().minus(Duration.ofHours(1)));
  private final CaHolder holder = new CaHolder();
  private KubernetesCa source;
  private GrpcServer identityServer;
  private ManagedChannel channel;

  @BeforeEach
  void start() {
    FakeTokenReviews.install(
        server,
        Map.of(
            "web-token",
                new FakeTokenReviews.Known(
                    "system:serviceaccount:demo:web", List.of(TokenReviewVerifier.AUDIENCE)),
            "books-token",
                new FakeTokenReviews.Known(
                    "system:serviceaccount:demo:books", List.of(TokenReviewVerifier.AUDIENCE)),
            "api-server-token",
                new FakeTokenReviews.Known(
                    "system:serviceaccount:demo:web", List.of("https://kubernetes.default.svc")),
            "user-token",
                new FakeTokenReviews.Known(
                    "jane@example.com", List.of(TokenReviewVerifier.AUDIENCE))));
    client.secrets().inNamespace("weft").resource(issuerSecret(ca)).create();
    client
        .configMaps()
        .inNamespace("weft")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("weft-identity-trust-anchors")
                .endMetadata()
                .addToData(KubernetesCa.BUNDLE_KEY, Pem.certificates(List.of(ca.root())))
                .build())
        .create();
    source =
        KubernetesCa.watch(
            client, "weft", "weft-identity-issuer", "weft-identity-trust-anchors", holder);
    SecureRandom random = new SecureRandom();
    IdentityService service =
        new IdentityService(
            "cluster.local",
            new TokenReviewVerifier(client, TokenReviewVerifier.AUDIENCE),
            holder,
            new CertificateAuthority(Clock.systemUTC(), random, Duration.ofHours(24)),
            new IdentityMetrics(new SimpleMeterRegistry(), holder));
    identityServer = GrpcServer.start("127.0.0.1", 0, service);
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", identityServer.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    identityServer.close();
    source.close();
  }

  @Test
  void acceptedServiceAccountTokenGetsACertificate() throws Exception {
    Await.until(() -> holder.current().isPresent(), "the CA loaded from the Secret and ConfigMap");
    CertifyResponse response = certify("web-token");
    TestCa.validate(
        TestCa.parse(response.getLeafCertificate().toByteArray()),
        List.of(ca.issuer().certificate()),
        List.of(ca.root()),
        Instant.now());
  }

  @Test
  void unknownTokenIsUnauthenticated() throws Exception {
    Await.until(() -> holder.current().isPresent(), "the CA loaded");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> certify("stolen"));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    assertTrue(
        e.getStatus().getDescription().contains("invalid bearer token"),
        e.getStatus().getDescription());
  }

  @Test
  void tokenOfAnotherServiceAccountOrAUserIsPermissionDenied() throws Exception {
    Await.until(() -> holder.current().isPresent(), "the CA loaded");
    for (String token : List.of("books-token", "user-token")) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> certify(token));
      assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), token);
    }
  }

  @Test
  void tokenForAnotherAudienceIsUnauthenticated() throws Exception {
    Await.until(() -> holder.current().isPresent(), "the CA loaded");
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> certify("api-server-token"));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("audience"), e.getStatus().getDescription());
  }

  private CertifyResponse certify(String token) throws Exception {
    return IdentityGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .certify(
            CertifyRequest.newBuilder()
                .setIdentity(WEB)
                .setToken(ByteString.copyFromUtf8(token))
                .setCertificateSigningRequest(
                    ByteString.copyFrom(Csrs.csr(Csrs.keys("secp256r1"), WEB, List.of())))
                .build());
  }

  public static io.fabric8.kubernetes.api.model.Secret issuerSecret(TestCa ca) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("weft-identity-issuer")
        .endMetadata()
        .withType("kubernetes.io/tls")
        .addToData(
            KubernetesCa.ISSUER_CERT_KEY,
            base64(Pem.certificates(List.of(ca.issuer().certificate(), ca.root()))))
        .addToData(KubernetesCa.ISSUER_KEY_KEY, base64(Pem.privateKey(ca.issuer().key())))
        .build();
  }

  static String base64(String text) {
    return java.util.Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
