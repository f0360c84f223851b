package dev.weft.controlplane.fleet;

import static dev.weft.controlplane.fleet.InventoryTestServer.edge;
import static dev.weft.controlplane.fleet.InventoryTestServer.proxy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.kubernetes.KubernetesDiscovery;
import dev.weft.testkit.Await;
import dev.weft.testkit.ManualClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kubernetes mode: the pods with a proxy, from the pod cache, merged with their heartbeats. */
@EnableKubernetesMockClient(crud = true)
class FleetKubernetesTest {
  static final String DIGEST_A = "sha256:" + "12".repeat(32);
  static final String DIGEST_B = "sha256:" + "34".repeat(32);
  static final String IMAGE = "ghcr.io/weft/proxy:0.1.0";

  KubernetesClient client;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private KubernetesDiscovery discovery;
  private InventoryTestServer server;

  @BeforeEach
  void start() {
    client.pods().inNamespace("demo").resource(pod("books-5d8f-a", true, DIGEST_A)).create();
    client.pods().inNamespace("demo").resource(pod("books-5d8f-b", false, DIGEST_B)).create();
    Pod plain = pod("plain", false, null);
    plain.getMetadata().getAnnotations().clear();
    client.pods().inNamespace("demo").resource(plain).create();
    DiscoveryIndex index = new DiscoveryIndex();
    discovery = KubernetesDiscovery.start(client, index, "cluster.local", "cluster.local");
    Await.until(index::synced, "the informers synced");
    server = new InventoryTestServer(clock, "kubernetes", discovery::proxyPods);
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
    discovery.close();
  }

  @Test
  void podsAndHeartbeatsOfTheSameInstanceAndNamespaceAreOneComponent() {
    server.report(
        proxy("books-5d8f-a", "books", "demo")
            .addEdges(edge("outbound", "10.0.0.7:80", "", 2, Map.of("authors:80", 5L)))
            .build());
    // The same pod name in another namespace is another instance.
    server.report(proxy("books-5d8f-b", "books", "other").build());

    FleetComponents answer = server.inventory.components();
    assertEquals("kubernetes", answer.mode());
    List<FleetComponent> components = answer.components();
    assertEquals(
        List.of(
            "control-plane weft/cp-0 [self]",
            "proxy demo/books-5d8f-a [heartbeat, pod]",
            "proxy demo/books-5d8f-b [pod]",
            "proxy other/books-5d8f-b [heartbeat]"),
        components.stream()
            .map(c -> c.component() + " " + c.namespace() + "/" + c.instance() + " " + c.sources())
            .toList());
    Workload books = new Workload("deployment", "books");
    assertEquals(
        new FleetComponent(
            "proxy",
            "books-5d8f-a",
            "0.1.0",
            InventoryTestServer.SHA,
            IMAGE,
            DIGEST_A,
            "books.demo.serviceaccount.identity.weft.cluster.local",
            false,
            "demo",
            books,
            "zone-k",
            "2026-11-23T08:00:00Z",
            "2026-11-23T09:00:00Z",
            List.of("heartbeat", "pod"),
            false),
        components.get(1));
    assertEquals(
        new FleetComponent(
            "proxy",
            "books-5d8f-b",
            "0.1.0-pod",
            null,
            IMAGE,
            DIGEST_B,
            null,
            false,
            "demo",
            books,
            "zone-k",
            null,
            null,
            List.of("pod"),
            false),
        components.get(2));
    assertEquals(new Workload("serviceaccount", "books"), components.get(3).workload());

    // Posture names a pod's traffic by the pod's workload.
    FleetPosture posture = server.inventory.posture(PostureWindow.parse("2h"));
    assertEquals(1, posture.edges().size());
    assertEquals(books, posture.edges().getFirst().source().workload());
    assertEquals(2, posture.edges().getFirst().connections());
  }

  /** A pod of Deployment books; its proxy a native sidecar, or a plain container. */
  private static Pod pod(String name, boolean nativeSidecar, String digest) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("demo")
            .addToLabels("pod-template-hash", "5d8f")
            .addToLabels("topology.kubernetes.io/zone", "zone-k")
            .addToAnnotations("weft.dev/proxy-version", nativeSidecar ? "0.1.0" : "0.1.0-pod")
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName("books-5d8f")
            .withController(true)
            .withUid("uid-" + name)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName("books")
            .addNewContainer()
            .withName("app")
            .withImage("books")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName("app")
            .withImageID("docker.io/library/books@sha256:" + "ff".repeat(32))
            .endContainerStatus()
            .endStatus();
    if (nativeSidecar) {
      pod.editSpec()
          .addNewInitContainer()
          .withName("weft-proxy")
          .withImage(IMAGE)
          .withRestartPolicy("Always")
          .endInitContainer()
          .endSpec()
          .editStatus()
          .addNewInitContainerStatus()
          .withName("weft-proxy")
          .withImageID("ghcr.io/weft/proxy@" + digest)
          .endInitContainerStatus()
          .endStatus();
    } else if (digest != null) {
      pod.editSpec()
          .addNewContainer()
          .withName("weft-proxy")
          .withImage(IMAGE)
          .endContainer()
          .endSpec()
          .editStatus()
          .addNewContainerStatus()
          .withName("weft-proxy")
          .withImageID("docker-pullable://ghcr.io/weft/proxy@" + digest)
          .endContainerStatus()
          .endStatus();
    }
    return pod.build();
  }
}
