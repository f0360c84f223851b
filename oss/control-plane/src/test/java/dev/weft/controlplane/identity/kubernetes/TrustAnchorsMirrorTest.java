package dev.weft.controlplane.identity.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.testkit.Await;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trust anchors reach every namespace a meshed pod may run in (a ConfigMap volume reads the
 * pod's own namespace), follow a new bundle, and never overwrite a ConfigMap someone else owns.
 */
@EnableKubernetesMockClient(crud = true)
class TrustAnchorsMirrorTest {
  private static final String NAME = "weft-identity-trust-anchors";
  private static final Duration WAIT = Duration.ofSeconds(10);

  KubernetesClient client;
  private TrustAnchorsMirror mirror;

  @AfterEach
  void stop() {
    if (mirror != null) {
      mirror.close();
    }
  }

  @Test
  void copiesTheBundleToNamespacesOldAndNewAndFollowsItsChanges() throws Exception {
    namespace("weft");
    namespace("demo");
    namespace("kube-system");
    source("ROOT-1");
    mirror = TrustAnchorsMirror.start(client, "weft", NAME);

    awaitBundle("demo", "ROOT-1");
    namespace("books");
    awaitBundle("books", "ROOT-1");
    ConfigMap copy = client.configMaps().inNamespace("books").withName(NAME).get();
    assertEquals(
        TrustAnchorsMirror.MANAGED_BY,
        copy.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));

    source("ROOT-1 ROOT-2"); // a rotation adds a root
    awaitBundle("demo", "ROOT-1 ROOT-2");
    awaitBundle("books", "ROOT-1 ROOT-2");
    assertNull(client.configMaps().inNamespace("kube-system").withName(NAME).get());
  }

  @Test
  void leavesAConfigMapItDoesNotManageAlone() throws Exception {
    namespace("weft");
    namespace("mine");
    client
        .configMaps()
        .inNamespace("mine")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(NAME)
                .endMetadata()
                .addToData(KubernetesCa.BUNDLE_KEY, "MY-ROOTS")
                .build())
        .create();
    namespace("demo");
    source("ROOT-1");
    mirror = TrustAnchorsMirror.start(client, "weft", NAME);

    awaitBundle("demo", "ROOT-1");
    source("ROOT-2");
    // Copies happen one bundle at a time: ROOT-2 in demo means every namespace saw ROOT-1.
    awaitBundle("demo", "ROOT-2");
    assertEquals(
        Map.of(KubernetesCa.BUNDLE_KEY, "MY-ROOTS"),
        client.configMaps().inNamespace("mine").withName(NAME).get().getData());
  }

  private void awaitBundle(String namespace, String bundle) throws Exception {
    Await.until(
        WAIT,
        "ConfigMap " + namespace + "/" + NAME + " holding " + bundle,
        () -> {
          ConfigMap map = client.configMaps().inNamespace(namespace).withName(NAME).get();
          return map != null && bundle.equals(map.getData().get(KubernetesCa.BUNDLE_KEY));
        });
  }

  private void source(String bundle) {
    client
        .configMaps()
        .inNamespace("weft")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(NAME)
                .withNamespace("weft")
                .endMetadata()
                .addToData(KubernetesCa.BUNDLE_KEY, bundle)
                .build())
        .createOr(r -> r.update());
  }

  private void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }
}
