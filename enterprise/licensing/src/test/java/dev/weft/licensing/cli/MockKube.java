package dev.weft.licensing.cli;

import dev.weft.testkit.Kubeconfig;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1, a kubeconfig naming it, and test objects.
 */
final class MockKube implements AutoCloseable {
  final KubernetesMockServer server;
  final KubernetesClient client;
  final Path kubeconfig;

  private MockKube(KubernetesMockServer server, Path kubeconfig) {
    this.server = server;
    this.client = server.createClient();
    this.kubeconfig = kubeconfig;
  }

  static MockKube start(Path dir) throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    Path file = Kubeconfig.write(dir, server.createClient().getMasterUrl().toString());
    return new MockKube(server, file);
  }

  /** Secret weft-license in {@code namespace}, as the weft-enterprise chart writes it. */
  void licenseSecret(String namespace, String key) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("weft-license")
                .withNamespace(namespace)
                .endMetadata()
                .addToData(
                    "license",
                    Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
  }

  /**
   * A pod, meshed when {@code proxyVersion} is not null, controlled by {@code ownerKind/owner}
   * (null: none), in {@code phase}.
   */
  void pod(
      String namespace,
      String name,
      String proxyVersion,
      String ownerKind,
      String owner,
      String templateHash,
      String phase) {
    PodBuilder pod =
        new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
    if (proxyVersion != null) {
      pod.editMetadata().addToAnnotations("weft.dev/proxy-version", proxyVersion).endMetadata();
    }
    if (templateHash != null) {
      pod.editMetadata().addToLabels("pod-template-hash", templateHash).endMetadata();
    }
    if (owner != null) {
      pod.editMetadata()
          .addNewOwnerReference()
          .withApiVersion("apps/v1")
          .withKind(ownerKind)
          .withName(owner)
          .withUid(owner + "-uid")
          .withController(true)
          .endOwnerReference()
          .endMetadata();
    }
    pod.withNewStatus().withPhase(phase).endStatus();
    client.pods().inNamespace(namespace).resource(pod.build()).create();
  }

  /**
   * The fleet the tests share: a Deployment with 3 pods through its ReplicaSet (1 workload), a
   * StatefulSet with 2 (1), a bare meshed pod (1), a finished Job pod, a pod being deleted and an
   * unmeshed pod (not counted): 3 meshed workloads, 6 meshed pods.
   */
  void fleet() {
    for (int i = 0; i < 3; i++) {
      pod("shop", "web-7d4f9-" + i, "0.2.0", "ReplicaSet", "web-7d4f9", "7d4f9", "Running");
    }
    pod("shop", "db-0", "0.2.0", "StatefulSet", "db", null, "Running");
    pod("shop", "db-1", "0.2.0", "StatefulSet", "db", null, "Pending");
    pod("tools", "debug", "0.2.0", null, null, null, "Running");
    pod("shop", "migrate-x1", "0.2.0", "Job", "migrate", null, "Succeeded");
    pod("shop", "legacy-1", null, "ReplicaSet", "legacy-55f", "55f", "Running");
    // Being deleted (a finalizer holds it, with its deletionTimestamp set): not counted.
    pod("tools", "leaving", "0.2.0", null, null, null, "Running");
    client
        .pods()
        .inNamespace("tools")
        .withName("leaving")
        .edit(p ->
            new PodBuilder(p)
                .editMetadata()
                .addToFinalizers("weft.dev/test")
                .endMetadata()
                .build());
    client.pods().inNamespace("tools").withName("leaving").delete();
    var leaving = client.pods().inNamespace("tools").withName("leaving").get();
    if (leaving == null || leaving.getMetadata().getDeletionTimestamp() == null) {
      throw new IllegalStateException("the mock server did not keep pod tools/leaving as deleting");
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
