package dev.weft.controlplane;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.weft.api.identity.v1.CertifyRequest;
import dev.weft.api.identity.v1.CertifyResponse;
import dev.weft.api.identity.v1.IdentityGrpc;
import dev.weft.controlplane.identity.Csrs;
import dev.weft.controlplane.identity.TestCa;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** {@code weft.grpc.tls=false}: the gRPC port speaks plaintext h2c, as before TLS existed. */
@QuarkusTest
@TestProfile(PlaintextGrpcProfile.class)
@WithTestResource(TemporaryStateDirectory.class)
class ControlPlanePlaintextGrpcTest {
  @Inject ControlPlane controlPlane;

  @ConfigProperty(name = "weft.state-dir")
  String stateDir;

  @Test
  void aPlaintextClientIsAnsweredAndNoCertificateIsServed() throws Exception {
    given().get("/q/health/ready").then().statusCode(200);
    assertTrue(controlPlane.serving().isEmpty(), "no serving certificate in plaintext mode");
    String token =
        given()
            .contentType(ContentType.JSON)
            .auth()
            .oauth2(Files.readString(Path.of(stateDir, "admin-token")).strip())
            .body("{\"namespace\":\"demo\",\"serviceAccount\":\"web\"}")
            .post("/local/v1/tokens")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("token");
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", controlPlane.identityPort())
            .usePlaintext()
            .build();
    try {
      CertifyResponse response =
          IdentityGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .certify(
                  CertifyRequest.newBuilder()
                      .setIdentity(ControlPlaneLocalModeTest.WEB)
                      .setToken(ByteString.copyFromUtf8(token))
                      .setCertificateSigningRequest(
                          ByteString.copyFrom(
                              Csrs.csr(
                                  Csrs.keys("secp256r1"),
                                  ControlPlaneLocalModeTest.WEB,
                                  List.of())))
                      .build());
      assertEquals(
          "CN=" + ControlPlaneLocalModeTest.WEB,
          TestCa.parse(response.getLeafCertificate().toByteArray())
              .getSubjectX500Principal()
              .getName());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
