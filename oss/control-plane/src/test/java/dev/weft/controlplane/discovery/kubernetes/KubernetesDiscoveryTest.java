package dev.weft.controlplane.discovery.kubernetes;

import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.endpoint;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.node;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.pod;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.ready;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.service;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.ProtocolHint;
import dev.weft.controlplane.discovery.DestinationTestServer;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.testkit.Await;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Services, EndpointSlices, Pods and Nodes in a mock API server, seen by a watching proxy. */
@EnableKubernetesMockClient(crud = true)
class KubernetesDiscoveryTest {
  static final String BOOKS = "books.demo.svc.cluster.local:80";
  static final String IDENTITY = "books.demo.serviceaccount.identity.weft.cluster.local";

  KubernetesClient client;
  private final DiscoveryIndex index = new DiscoveryIndex();
  private KubernetesDiscovery discovery;
  private DestinationTestServer server;

  @BeforeEach
  void start() {
    client.nodes().resource(node("node-a", "zone-a")).create();
    client.pods().inNamespace("demo").resource(pod("books-5d8f-a", true)).create();
    client.pods().inNamespace("demo").resource(pod("books-5d8f-b", false)).create();
    client.services().inNamespace("demo").resource(service("books")).create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("demo")
        .resource(
            slice(
                "books-1",
                "books",
                ready("10.0.0.1", "books-5d8f-a", "node-a"),
                endpoint("10.0.0.2", "books-5d8f-b", "node-a", "zone-b", true, true, false)))
        .create();
    discovery = KubernetesDiscovery.start(client, index, "cluster.local", "cluster.local");
    server = new DestinationTestServer(index);
    Await.until(index::synced, "the informers synced");
  }

  @AfterEach
  void stop() {
    server.close();
    discovery.close();
  }

  @Test
  void endpointsCarryIdentityZoneAndLabelsFromPodsAndNodes() {
    WatchClient books = server.watch(BOOKS);
    Await.until(() -> books.endpoints().size() == 2, "both endpoints");
    Endpoint meshed = books.endpoints().get("10.0.0.1:8080");
    assertEquals(IDENTITY, meshed.getIdentity());
    assertEquals(ProtocolHint.PROTOCOL_HINT_H2, meshed.getProtocolHint());
    assertEquals("zone-a", meshed.getZone(), "the node's zone, the slice naming none");
    assertEquals(
        Map.of("pod", "books-5d8f-a", "deployment", "books", "zone", "zone-a"),
        meshed.getMetricLabelsMap());
    Endpoint plain = books.endpoints().get("10.0.0.2:8080");
    assertEquals("", plain.getIdentity(), "no proxy annotation, no identity");
    assertEquals(ProtocolHint.PROTOCOL_HINT_UNKNOWN, plain.getProtocolHint());
    assertEquals("zone-b", plain.getZone(), "the slice's zone wins");
    assertEquals("Service demo/books", books.policy().getSource());
    assertEquals(
        Map.of("service", "books", "namespace", "demo"),
        books.received().get(1).getAdd().getMetricLabelsMap());

    WatchClient admin = server.watch("books.demo.svc.cluster.local:9000");
    Await.until(
        () -> admin.endpoints().keySet().equals(Set.of("10.0.0.1:9090", "10.0.0.2:9090")),
        "the admin port, mapped by port name");
  }

  @Test
  void scalingTerminatingAndDeletionReachTheProxy() {
    WatchClient books = server.watch(BOOKS);
    Await.until(() -> books.endpoints().size() == 2, "both endpoints");
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("demo")
        .resource(
            slice(
                "books-1",
                "books",
                endpoint("10.0.0.1", "books-5d8f-a", "node-a", null, false, true, true),
                endpoint("10.0.0.2", "books-5d8f-b", "node-a", null, false, false, true),
                ready("10.0.0.3", "books-5d8f-c", "node-a")))
        .update();
    Await.until(
        () -> books.endpoints().keySet().equals(Set.of("10.0.0.1:8080", "10.0.0.3:8080")),
        "10.0.0.2 (not serving) removed, 10.0.0.3 added");
    assertEquals(false, books.endpoints().get("10.0.0.1:8080").getReady(), "terminating");
    assertEquals(true, books.endpoints().get("10.0.0.3:8080").getReady());

    // A pod that becomes meshed later gets its identity without any slice change.
    client.pods().inNamespace("demo").resource(pod("books-5d8f-c", true)).create();
    Await.until(
        () -> IDENTITY.equals(books.endpoints().get("10.0.0.3:8080").getIdentity()),
        "the new pod's identity");

    client.services().inNamespace("demo").withName("books").delete();
    Await.until(() -> books.noSuchService() != null, "no_such_service after the delete");
    assertEquals("no Service port " + BOOKS + " in the cluster", books.noSuchService());
  }
}
