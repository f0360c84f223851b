package dev.weft.controlplane;

import dev.weft.controlplane.identity.TestCa;
import dev.weft.controlplane.identity.ca.Pem;
import dev.weft.controlplane.identity.kubernetes.FakeTokenReviews;
import dev.weft.controlplane.identity.kubernetes.KubernetesCa;
import dev.weft.controlplane.identity.kubernetes.KubernetesIdentityTest;
import dev.weft.controlplane.identity.kubernetes.TokenReviewVerifier;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fills the mock API server before the application starts: the issuer Secret, the trust-anchors
 * ConfigMap and a TokenReview responder that knows one good token.
 */
public final class KubernetesApiSetup implements Consumer<KubernetesServer> {
  /** The CA the Secret and ConfigMap hold; tests validate leaves against its root. */
  static final TestCa CA = TestCa.create(Instant.now().minus(Duration.ofHours(1)));

  @Override
  public void accept(KubernetesServer server) {
    server
        .getClient()
        .secrets()
        .inNamespace("weft")
        .resource(KubernetesIdentityTest.issuerSecret(CA))
        .create();
    server
        .getClient()
        .configMaps()
        .inNamespace("weft")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("weft-identity-trust-anchors")
                .endMetadata()
                .addToData(KubernetesCa.BUNDLE_KEY, Pem.certificates(List.of(CA.root())))
                .build())
        .create();
    FakeTokenReviews.install(
        server.getKubernetesMockServer(),
        Map.of(
            "web-token",
            new FakeTokenReviews.Known(
                "system:serviceaccount:demo:web", List.of(TokenReviewVerifier.AUDIENCE))));
  }
}
