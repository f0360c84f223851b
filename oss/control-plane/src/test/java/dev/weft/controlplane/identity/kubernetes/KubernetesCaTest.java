package dev.weft.controlplane.identity.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.controlplane.identity.TestCa;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.Pem;
import dev.weft.testkit.Await;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The issuer Secret and trust-anchors ConfigMap are watched, and a rotation in them is followed.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesCaTest {
  KubernetesClient client;

  @Test
  void followsARotationDoneByEditingTheConfigMapAndTheSecret() {
    TestCa old = TestCa.create(Instant.now().minus(Duration.ofHours(1)));
    TestCa next = TestCa.create(Instant.now().minus(Duration.ofHours(1)));
    client
        .secrets()
        .inNamespace("weft")
        .resource(KubernetesIdentityTest.issuerSecret(old))
        .create();
    client.configMaps().inNamespace("weft").resource(bundle(old.root())).create();
    CaHolder holder = new CaHolder();
    try (KubernetesCa source =
        KubernetesCa.watch(
            client, "weft", "weft-identity-issuer", "weft-identity-trust-anchors", holder)) {
      Await.until(() -> holder.current().isPresent(), "the first CA snapshot");
      assertEquals(
          old.issuer().certificate(), holder.current().orElseThrow().issuer().certificate());
      assertEquals(
          List.of(old.issuer().certificate()),
          holder.current().orElseThrow().issuer().chain(),
          "the root appended to tls.crt is not sent to proxies");

      // Moving the issuer before its root is trusted would hand out leaves nobody accepts.
      client
          .secrets()
          .inNamespace("weft")
          .resource(KubernetesIdentityTest.issuerSecret(next))
          .update();
      Await.until(() -> source.rejection() != null, "the untrusted issuer refused");
      assertTrue(source.rejection().contains("not signed by any root"), source.rejection());
      assertEquals(
          old.issuer().certificate(), holder.current().orElseThrow().issuer().certificate());

      client.configMaps().inNamespace("weft").resource(bundle(old.root(), next.root())).update();
      Await.until(
          () ->
              holder
                  .current()
                  .orElseThrow()
                  .issuer()
                  .certificate()
                  .equals(next.issuer().certificate()),
          "the new issuer taken once its root is in the bundle");
      assertEquals(List.of(old.root(), next.root()), holder.current().orElseThrow().roots());

      client.configMaps().inNamespace("weft").resource(bundle(next.root())).update();
      Await.until(
          () -> holder.current().orElseThrow().roots().equals(List.of(next.root())),
          "the old root dropped");
    }
  }

  private static ConfigMap bundle(X509Certificate... roots) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("weft-identity-trust-anchors")
        .endMetadata()
        .addToData(KubernetesCa.BUNDLE_KEY, Pem.certificates(List.of(roots)))
        .build();
  }
}
