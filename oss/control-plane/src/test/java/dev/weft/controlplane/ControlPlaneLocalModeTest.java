package dev.weft.controlplane;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.api.identity.v1.CertifyResponse;
import dev.weft.api.identity.v1.IdentityGrpc;
import dev.weft.controlplane.identity.Csrs;
import dev.weft.controlplane.identity.TestCa;
import dev.weft.controlplane.identity.ca.Pem;
import dev.weft.testkit.Await;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The whole application in local mode: health, metrics, the local API and Certify on its port. */
@QuarkusTest
@WithTestResource(TemporaryStateDirectory.class)
class ControlPlaneLocalModeTest {
  static final String WEB = "web.demo.serviceaccount.identity.weft.cluster.local";
  static final String CONTROL_PLANE =
      "weft-control-plane.weft.serviceaccount.identity.weft.cluster.local";

  @Inject ControlPlane controlPlane;

  @ConfigProperty(name = "weft.state-dir")
  String stateDir;

  @Test
  void healthAndMetricsAnswer() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("weft_identity_certify_requests_total{result=\"ok\"}"))
        .body(containsString("weft_identity_issuer_expiry_timestamp_seconds "))
        .body(containsString("weft_identity_root_expiry_timestamp_seconds{fingerprint=\""));
  }

  @Test
  void localApiRefusesAMissingOrWrongAdminToken() {
    String body = "{\"namespace\":\"demo\",\"serviceAccount\":\"web\"}";
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/local/v1/tokens")
        .then()
        .statusCode(401)
        .body("error", containsString("missing Authorization"));
    given()
        .contentType(ContentType.JSON)
        .auth()
        .oauth2("wrong")
        .body(body)
        .post("/local/v1/tokens")
        .then()
        .statusCode(401)
        .body("error", containsString("not this control plane's admin token"));
    given()
        .auth()
        .oauth2(adminToken() + "x")
        .post("/local/v1/trust/rotate/add-root")
        .then()
        .statusCode(401);
    given().get("/local/v1/trust").then().statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .auth()
        .oauth2(adminToken())
        .body("{\"namespace\":\"Demo!\",\"serviceAccount\":\"web\"}")
        .post("/local/v1/tokens")
        .then()
        .statusCode(400)
        .body("error", containsString("namespace"));
  }

  @Test
  void aMintedTokenCertifiesOnTheIdentityPort() throws Exception {
    JsonPath minted = mint("demo", "web");
    assertEquals(WEB, minted.getString("identity"));
    GrpcTlsClient client = new GrpcTlsClient();
    CertifyResponse response = certify(client, minted.getString("token"));
    X509Certificate leaf = TestCa.parse(response.getLeafCertificate().toByteArray());
    TestCa.validate(leaf, intermediates(response), bundle(), Instant.now());
    // The port presented the control plane's own identity, under the same roots as the leaves.
    X509Certificate served = client.presented();
    assertEquals(
        List.of(
            List.of(2, CONTROL_PLANE),
            List.of(6, "spiffe://cluster.local/ns/weft/sa/weft-control-plane")),
        served.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
    TestCa.validate(served, intermediates(response), bundle(), Instant.now());
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("weft_identity_certify_requests_total{result=\"ok\"} "));
  }

  @Test
  void aPlaintextClientIsRefusedWhileTlsIsOn() throws Exception {
    ManagedChannel plaintext =
        NettyChannelBuilder.forAddress("127.0.0.1", controlPlane.identityPort())
            .usePlaintext()
            .build();
    try {
      StatusRuntimeException e =
          assertThrows(
              StatusRuntimeException.class,
              () -> certify(plaintext, mint("demo", "web").getString("token")));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    } finally {
      plaintext.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void rotatesTheRootThroughTheLocalApi() throws Exception {
    given()
        .auth()
        .oauth2(adminToken())
        .post("/local/v1/trust/rotate/move-issuer")
        .then()
        .statusCode(409)
        .body("error", containsString("add-root"));
    List<X509Certificate> before = bundle();

    rotate("add-root").body("phase", equalTo("root-added")).body("roots", hasSize(2));
    List<X509Certificate> both = bundle();
    assertEquals(before.getFirst(), both.getFirst());
    assertEquals(2, both.size());
    X509Certificate newRoot = both.get(1);
    given()
        .auth()
        .oauth2(adminToken())
        .post("/local/v1/trust/rotate/drop-old-roots")
        .then()
        .statusCode(409);

    rotate("move-issuer").body("phase", equalTo("issuer-moved"));
    // The gRPC port's own certificate follows the issuer at once, so it chains to the new root.
    Path issuerFile = Path.of(stateDir, "identity", "issuer.crt");
    X509Certificate issuer =
        Pem.readCertificates(Files.readString(issuerFile), issuerFile.toString()).getFirst();
    Await.until(
        () -> signedBy(controlPlane.serving().orElseThrow().current().orElseThrow(), issuer),
        "the serving certificate renewed by the new issuer");
    CertifyResponse response = certify(mint("demo", "web").getString("token"));
    X509Certificate leaf = TestCa.parse(response.getLeafCertificate().toByteArray());
    TestCa.validate(leaf, intermediates(response), List.of(newRoot), Instant.now());
    assertThrows(
        CertPathValidatorException.class,
        () ->
            TestCa.validate(
                leaf, intermediates(response), List.of(before.getFirst()), Instant.now()));

    rotate("drop-old-roots").body("phase", equalTo("steady")).body("roots", hasSize(1));
    assertEquals(List.of(newRoot), bundle());
    given()
        .auth()
        .oauth2(adminToken())
        .post("/local/v1/trust/rotate/sideways")
        .then()
        .statusCode(404);
  }

  private io.restassured.response.ValidatableResponse rotate(String phase) {
    return given()
        .auth()
        .oauth2(adminToken())
        .post("/local/v1/trust/rotate/" + phase)
        .then()
        .statusCode(200);
  }

  private JsonPath mint(String namespace, String serviceAccount) {
    return given()
        .contentType(ContentType.JSON)
        .auth()
        .oauth2(adminToken())
        .body("{\"namespace\":\"" + namespace + "\",\"serviceAccount\":\"" + serviceAccount + "\"}")
        .post("/local/v1/tokens")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  private CertifyResponse certify(String token) throws Exception {
    return certify(new GrpcTlsClient(), token);
  }

  private CertifyResponse certify(GrpcTlsClient client, String token) throws Exception {
    ManagedChannel channel =
        client.builder(controlPlane.identityPort(), bundle(), CONTROL_PLANE).build();
    try {
      return certify(channel, token);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static boolean signedBy(X509Certificate leaf, X509Certificate issuer) {
    try {
      leaf.verify(issuer.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private static CertifyResponse certify(ManagedChannel channel, String token) throws Exception {
    return IdentityGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .certify(
            dev.weft.api.identity.v1.CertifyRequest.newBuilder()
                .setIdentity(WEB)
                .setToken(com.google.protobuf.ByteString.copyFromUtf8(token))
                .setCertificateSigningRequest(
                    com.google.protobuf.ByteString.copyFrom(
                        Csrs.csr(Csrs.keys("secp256r1"), WEB, List.of())))
                .build());
  }

  private static List<X509Certificate> intermediates(CertifyResponse response) {
    return response.getIntermediateCertificatesList().stream()
        .map(der -> TestCa.parse(der.toByteArray()))
        .toList();
  }

  private List<X509Certificate> bundle() throws Exception {
    Path file = Path.of(stateDir, "identity", "trust-bundle.pem");
    return Pem.readCertificates(Files.readString(file), file.toString());
  }

  private String adminToken() {
    try {
      return Files.readString(Path.of(stateDir, "admin-token")).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
