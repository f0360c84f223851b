package dev.weft.controlplane;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.weft.api.identity.v1.CertifyRequest;
import dev.weft.api.identity.v1.CertifyResponse;
import dev.weft.api.identity.v1.IdentityGrpc;
import dev.weft.controlplane.identity.Csrs;
import dev.weft.controlplane.identity.TestCa;
import dev.weft.testkit.Await;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The whole application in Kubernetes mode, with Quarkus's own fabric8 client. */
@QuarkusTest
@TestProfile(KubernetesModeProfile.class)
@WithKubernetesTestServer(crud = true, setup = KubernetesApiSetup.class)
class ControlPlaneKubernetesModeTest {
  static final String WEB = "web.demo.serviceaccount.identity.weft.cluster.local";
  // The namespace of KubernetesModeProfile.
  static final String CONTROL_PLANE =
      "weft-control-plane.weft.serviceaccount.identity.weft.cluster.local";

  @Inject ControlPlane controlPlane;

  @Test
  void certifiesWithTheCaFromTheSecretAndATokenReview() throws Exception {
    Await.until(() -> controlPlane.notReadyReason() == null, "the CA loaded from Kubernetes");
    given().get("/q/health/ready").then().statusCode(200);
    CertifyResponse response = certify("web-token");
    TestCa.validate(
        TestCa.parse(response.getLeafCertificate().toByteArray()),
        response.getIntermediateCertificatesList().stream()
            .map(der -> TestCa.parse(der.toByteArray()))
            .toList(),
        List.of(KubernetesApiSetup.CA.root()),
        Instant.now());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> certify("stolen"));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
  }

  @Test
  void theLocalApiDoesNotExist() {
    given()
        .contentType(ContentType.JSON)
        .auth()
        .oauth2("anything")
        .body("{\"namespace\":\"demo\",\"serviceAccount\":\"web\"}")
        .post("/local/v1/tokens")
        .then()
        .statusCode(404)
        .body("error", containsString("only in local mode"));
  }

  private CertifyResponse certify(String token) throws Exception {
    ManagedChannel channel =
        new GrpcTlsClient()
            .builder(
                controlPlane.identityPort(), List.of(KubernetesApiSetup.CA.root()), CONTROL_PLANE)
            .build();
    try {
      return IdentityGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .certify(
              CertifyRequest.newBuilder()
                  .setIdentity(WEB)
                  .setToken(ByteString.copyFromUtf8(token))
                  .setCertificateSigningRequest(
                      ByteString.copyFrom(Csrs.csr(Csrs.keys("secp256r1"), WEB, List.of())))
                  .build());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
