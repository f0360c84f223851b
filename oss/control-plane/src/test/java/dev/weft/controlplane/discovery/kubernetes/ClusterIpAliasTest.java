package dev.weft.controlplane.discovery.kubernetes;

import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.ready;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.service;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.slice;
import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.create;
import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.controlplane.discovery.DestinationTestServer;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.testkit.Await;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Service port answers as CLUSTER_IP:PORT too, as long as the Service has that address. */
@EnableKubernetesMockClient(crud = true)
class ClusterIpAliasTest {
  static final String BOOKS = "books.demo.svc.cluster.local:80";

  KubernetesClient client;
  private final DiscoveryIndex index = new DiscoveryIndex();
  private KubernetesDiscovery discovery;
  private DestinationTestServer server;

  @BeforeEach
  void start() {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(ServicePolicyObjects.crd())
        .create();
    client.services().inNamespace("demo").resource(books("10.96.0.10", "fd00::a")).create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("demo")
        .resource(slice("books-1", "books", ready("10.0.0.1", "books-a", "node-a")))
        .create();
    create(
        client,
        policy("books", "targetRef: {kind: Service, name: books}\nbalancer: {name: round-robin}"));
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
  void theClusterIpGetsTheSameEndpointsAndPolicyAsTheDnsName() {
    WatchClient byName = server.watch(BOOKS);
    WatchClient byIp = server.watch("10.96.0.10:80");
    // Another spelling of the IPv6 address names the same service.
    WatchClient byIpv6 = server.watch("[FD00:0::A]:80");
    WatchClient admin = server.watch("10.96.0.10:9000");
    for (WatchClient watch : new WatchClient[] {byName, byIp, byIpv6}) {
      Await.until(
          () ->
              watch.policy() != null && watch.endpoints().keySet().equals(Set.of("10.0.0.1:8080")),
          "the endpoint");
      assertEquals("round-robin", watch.policy().getBalancer(), "the ServicePolicy");
    }
    assertEquals(
        Set.of(ServiceName.parse("10.96.0.10:80"), ServiceName.parse("[fd00::a]:80")),
        index.aliasesOf(ServiceName.parse(BOOKS)));
    assertEquals(byName.policy(), byIp.policy());
    assertEquals(byName.endpoints(), byIp.endpoints());
    Await.until(
        () -> admin.endpoints().keySet().equals(Set.of("10.0.0.1:9090")), "the port maps too");

    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("demo")
        .resource(slice("books-2", "books", ready("10.0.0.2", "books-b", "node-a")))
        .create();
    Await.until(() -> byIp.endpoints().size() == 2, "a change of the Service reaches the alias");
  }

  @Test
  void aNewClusterIpMovesTheAliasAndDeletionEndsIt() {
    WatchClient old = server.watch("10.96.0.10:80");
    Await.until(() -> old.endpoints().size() == 1, "the old address answers");

    // A ClusterIP is immutable: it changes by deleting and recreating the Service.
    client.services().inNamespace("demo").withName("books").delete();
    Await.until(() -> old.noSuchService() != null, "the alias ends with the Service");
    client.services().inNamespace("demo").resource(books("10.96.0.20")).create();
    WatchClient moved = server.watch("10.96.0.20:80");
    Await.until(() -> moved.endpoints().size() == 1, "the new address answers");
    assertEquals("round-robin", moved.policy().getBalancer());
    assertEquals("no Service port 10.96.0.10:80 in the cluster", old.noSuchService());
    assertNull(index.get(ServiceName.parse("[fd00::a]:80")), "the dropped IPv6 address too");

    // Another Service taking the old address gets it, whatever order the updates run in.
    client
        .services()
        .inNamespace("demo")
        .resource(renamed(books("10.96.0.10"), "authors"))
        .create();
    Await.until(
        () -> old.policy() != null && old.endpoints().isEmpty(), "the old address, now authors");
    assertEquals(
        ServiceName.parse("authors.demo.svc.cluster.local:80"),
        index.aliasTarget(ServiceName.parse("10.96.0.10:80")));

    client.services().inNamespace("demo").withName("books").delete();
    Await.until(() -> moved.noSuchService() != null, "the deletion ends the alias");
    assertNull(index.aliasTarget(ServiceName.parse("10.96.0.20:80")));
  }

  @Test
  void aHeadlessServiceHasNoAlias() {
    client.services().inNamespace("demo").resource(renamed(books("None"), "headless")).create();
    WatchClient headless = server.watch("headless.demo.svc.cluster.local:80");
    Await.until(() -> headless.policy() != null, "the headless Service by name");
    assertEquals(
        Set.of(),
        index.aliasesOf(ServiceName.parse("headless.demo.svc.cluster.local:80")),
        "clusterIP None is no address");
  }

  /** Service demo/books with these cluster IPs (one family each). */
  private static Service books(String... ips) {
    return new ServiceBuilder(service("books"))
        .editSpec()
        .withClusterIP(ips[0])
        .withClusterIPs(ips)
        .endSpec()
        .build();
  }

  private static Service renamed(Service service, String name) {
    return new ServiceBuilder(service).editMetadata().withName(name).endMetadata().build();
  }
}
