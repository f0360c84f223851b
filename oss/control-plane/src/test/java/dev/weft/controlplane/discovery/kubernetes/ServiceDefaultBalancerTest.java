package dev.weft.controlplane.discovery.kubernetes;

import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.ready;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.service;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.slice;
import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.create;
import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.controlplane.discovery.DefaultBalancers;
import dev.weft.controlplane.discovery.DestinationTestServer;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.controlplane.extension.ExtensionContext;
import dev.weft.controlplane.extension.ExtensionStatuses;
import dev.weft.controlplane.inject.ProxyEnvironment;
import dev.weft.spi.controlplane.BalancerChoice;
import dev.weft.spi.controlplane.ServiceRef;
import dev.weft.testkit.Await;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A control-plane extension's default balancer in Kubernetes mode: the chooser sees the Service's
 * annotations, a change of them alone re-sends the choice, and a ServicePolicy balancer wins.
 */
@EnableKubernetesMockClient(crud = true)
class ServiceDefaultBalancerTest {
  static final String BOOKS = "books.demo.svc.cluster.local:80";
  static final String BAND_HIGH = "hazl.weft.dev/band.high";

  KubernetesClient client;
  private final DiscoveryIndex index = new DiscoveryIndex();
  private final DefaultBalancers balancers = new DefaultBalancers(index);
  private final List<ServiceRef> asked = new CopyOnWriteArrayList<>();
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
    client
        .services()
        .inNamespace("demo")
        .resource(annotated(service("books"), Map.of(BAND_HIGH, "3", "team", "catalog")))
        .create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("demo")
        .resource(slice("books-1", "books", ready("10.0.0.1", "books-a", "node-a")))
        .create();
    discovery = KubernetesDiscovery.start(client, index, "cluster.local", "cluster.local");
    server = new DestinationTestServer(index, balancers);
    Await.until(index::synced, "the informers synced");
    ExtensionContext context =
        new ExtensionContext(
            "kubernetes",
            "weft",
            () -> 0,
            new SimpleMeterRegistry(),
            client,
            new ExtensionStatuses(),
            balancers,
            new ProxyEnvironment());
    // As a zone-aware extension would: on unless the Service opts out, its band by annotation.
    context.balancerDefaults(service -> {
      asked.add(service);
      if ("false".equals(service.annotations().get("hazl.weft.dev/enabled"))) {
        return Optional.empty();
      }
      return Optional.of(
          new BalancerChoice(
              "hazl", Map.of("band.high", service.annotations().getOrDefault(BAND_HIGH, "2.0"))));
    });
  }

  @AfterEach
  void stop() {
    server.close();
    discovery.close();
  }

  @Test
  void theChooserSeesTheServicesAnnotationsAndTheirChangesAlone() {
    WatchClient books = server.watch(BOOKS);
    Await.until(() -> balancer(books).equals("hazl"), "the default balancer");
    assertEquals(Map.of("band.high", "3"), books.policy().getBalancerConfigMap());
    assertTrue(
        asked.contains(new ServiceRef("demo", "books", Map.of(BAND_HIGH, "3", "team", "catalog"))),
        asked.toString());

    editAnnotations(Map.of(BAND_HIGH, "5"));
    Await.until(
        () -> books.policy().getBalancerConfigMap().equals(Map.of("band.high", "5")),
        "the annotation's change, with no policiesChanged()");

    editAnnotations(Map.of("hazl.weft.dev/enabled", "false"));
    Await.until(() -> balancer(books).isEmpty(), "the Service opted out");
    assertEquals(1, books.endpoints().size(), "its endpoints untouched");
  }

  @Test
  void aServicePolicyBalancerWinsAndOneWithoutKeepsTheChoice() {
    WatchClient books = server.watch(BOOKS);
    Await.until(() -> balancer(books).equals("hazl"), "the default balancer");
    create(
        client,
        policy("books", "targetRef: {kind: Service, name: books}\nbalancer: {name: round-robin}"));
    Await.until(() -> balancer(books).equals("round-robin"), "the ServicePolicy's balancer");
    assertEquals(Map.of(), books.policy().getBalancerConfigMap());

    client
        .genericKubernetesResources(ServicePolicies.CONTEXT)
        .inNamespace("demo")
        .withName("books")
        .delete();
    create(
        client,
        policy(
            "books-budget", "targetRef: {kind: Service, name: books}\nretryBudget: {ratio: 0.5}"));
    Await.until(
        () -> books.policy().hasRetryBudget() && balancer(books).equals("hazl"),
        "a policy naming no balancer gets the default one, its budget kept");
    assertEquals(0.5, books.policy().getRetryBudget().getRetryRatio());
  }

  private void editAnnotations(Map<String, String> annotations) {
    client.services().inNamespace("demo").withName("books").edit(s -> annotated(s, annotations));
  }

  private static Service annotated(Service service, Map<String, String> annotations) {
    return new ServiceBuilder(service)
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  private static String balancer(WatchClient watch) {
    return watch.policy() == null ? "-" : watch.policy().getBalancer();
  }
}
