package dev.weft.controlplane.discovery.kubernetes;

import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.ready;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.service;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.slice;
import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.accepted;
import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.create;
import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.policy;
import static dev.weft.controlplane.discovery.kubernetes.ServicePolicyObjects.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import dev.weft.api.destination.v1.FailureAccrual;
import dev.weft.api.destination.v1.RetryBudget;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.controlplane.discovery.DestinationTestServer;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.testkit.Await;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ServicePolicies in a mock API server (with the chart's CRD) change what a watching proxy gets.
 */
@EnableKubernetesMockClient(crud = true)
class ServicePolicyTest {
  static final String BOOKS = "books.demo.svc.cluster.local:80";
  static final String FULL =
      """
      targetRef: {kind: Service, name: books}
      retryBudget: {ratio: 0.5, minPerSecond: 3, ttl: 20s}
      failureAccrual: {failures: 5, minBackoff: 2s, maxBackoff: 1m}
      balancer:
        name: p2c-peak-ewma
        config: {default-rtt: 30ms, decay: 10s}
      """;

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
    client.services().inNamespace("demo").resource(service("books")).create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("demo")
        .resource(slice("books-1", "books", ready("10.0.0.1", "books-a", "node-a")))
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
  void aPolicySetsBudgetAccrualAndBalancerAndItsChangeAndDeletionAreStreamed() {
    WatchClient books = server.watch(BOOKS);
    Await.until(() -> books.endpoints().size() == 1, "the endpoint");
    assertFalse(books.policy().hasRetryBudget(), "no ServicePolicy yet: the proxy's defaults");

    create(client, policy("books", FULL));
    Await.until(() -> books.policy().hasRetryBudget(), "the policy streamed");
    ServicePolicy policy = books.policy();
    assertEquals(
        RetryBudget.newBuilder()
            .setRetryRatio(0.5)
            .setMinRetriesPerSecond(3)
            .setTtl(seconds(20))
            .build(),
        policy.getRetryBudget());
    assertEquals(
        FailureAccrual.newBuilder()
            .setConsecutiveFailures(5)
            .setMinBackoff(seconds(2))
            .setMaxBackoff(seconds(60))
            .build(),
        policy.getFailureAccrual());
    assertEquals("p2c-peak-ewma", policy.getBalancer());
    assertEquals(Map.of("default-rtt", "30ms", "decay", "10s"), policy.getBalancerConfigMap());
    assertEquals("ServicePolicy demo/books", policy.getSource());
    Await.until(() -> "True/Accepted".equals(accepted(client, "books")), "status Accepted");
    // A recompute of the Service (here: a new endpoint) must not write an unchanged status again.
    String written = resourceVersion("books");
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("demo")
        .resource(slice("books-2", "books", ready("10.0.0.2", "books-b", "node-a")))
        .create();
    Await.until(() -> books.endpoints().size() == 2, "the new endpoint");
    assertEquals(written, resourceVersion("books"), "status written once");
    WatchClient admin = server.watch("books.demo.svc.cluster.local:9000");
    Await.until(
        () -> admin.policy() != null && admin.policy().getBalancer().equals("p2c-peak-ewma"),
        "every port of the Service");

    // A budget naming only its ratio keeps the registry's defaults for the rest.
    update(
        client,
        policy("books", "targetRef: {kind: Service, name: books}\nretryBudget: {ratio: 1}"));
    Await.until(() -> books.policy().getRetryBudget().getRetryRatio() == 1.0, "the change");
    assertEquals(
        RetryBudget.newBuilder().setRetryRatio(1).setMinRetriesPerSecond(10).build(),
        books.policy().getRetryBudget());
    assertFalse(books.policy().hasFailureAccrual());
    assertEquals("", books.policy().getBalancer());

    client
        .genericKubernetesResources(ServicePolicies.CONTEXT)
        .inNamespace("demo")
        .withName("books")
        .delete();
    Await.until(() -> !books.policy().hasRetryBudget(), "the deletion streamed");
    assertEquals("Service demo/books", books.policy().getSource());
    assertEquals(2, books.endpoints().size(), "endpoints untouched");
  }

  @Test
  void anInvalidPolicyIsNamedByFieldAndTheLastGoodOneStays() {
    WatchClient books = server.watch(BOOKS);
    create(client, policy("books", FULL));
    Await.until(() -> books.policy() != null && books.policy().hasRetryBudget(), "the policy");
    ServicePolicy good = books.policy();

    update(
        client,
        policy(
            "books",
            """
            targetRef: {kind: Service, name: books}
            retryBudget: {ratio: 11}
            failureAccrual: {failures: 0, minBackoff: 2m, maxBackoff: 1m}
            """));
    Await.until(() -> !discovery.errors().isEmpty(), "the errors");
    assertEquals(
        List.of(
            "ServicePolicy demo/books spec.failureAccrual.failures: 0 (expected: a whole number in"
                + " 1..1000000)",
            "ServicePolicy demo/books spec.failureAccrual.minBackoff: '2m' is longer than"
                + " maxBackoff '1m' (expected: minBackoff <= maxBackoff)",
            "ServicePolicy demo/books spec.retryBudget.ratio: 11 (expected: a number in 0..10 such"
                + " as 0.2)"),
        discovery.errors());
    Await.until(() -> "False/Invalid".equals(accepted(client, "books")), "status Invalid");
    assertTrue(
        ServicePolicyObjects.acceptedMessage(client, "books")
            .endsWith("(its last valid version stays in force)"));
    assertEquals(good, index.get(ServiceName.parse(BOOKS)).policy());
    assertEquals(good, books.policy(), "the last good policy stays");

    update(
        client,
        policy("books", "targetRef: {kind: Service, name: books}\nretryBudget: {ratio: 0.1}"));
    Await.until(() -> books.policy().getRetryBudget().getRetryRatio() == 0.1, "fixed");
    assertEquals(List.of(), discovery.errors());
    Await.until(() -> "True/Accepted".equals(accepted(client, "books")), "status Accepted again");
  }

  @Test
  void aPolicyForAMissingServiceWaitsForItWithoutAnError() {
    create(
        client,
        policy(
            "authors", "targetRef: {kind: Service, name: authors}\nbalancer: {name: round-robin}"));
    Await.until(
        () -> "False/TargetNotFound".equals(accepted(client, "authors")), "status TargetNotFound");
    assertEquals(List.of(), discovery.errors(), "a Service yet to come is not a mistake");

    WatchClient authors = server.watch("authors.demo.svc.cluster.local:80");
    Await.until(() -> authors.noSuchService() != null, "no Service yet");
    client.services().inNamespace("demo").resource(service("authors")).create();
    Await.until(
        () -> authors.policy() != null && authors.policy().getBalancer().equals("round-robin"),
        "the waiting policy applies to the new Service");
    Await.until(() -> "True/Accepted".equals(accepted(client, "authors")), "status Accepted");
  }

  @Test
  void aSecondPolicyOnOneServiceIsAConflictAndTheOlderOneApplies() {
    WatchClient books = server.watch(BOOKS);
    create(client, policy("books", FULL));
    Await.until(() -> books.policy() != null && books.policy().hasRetryBudget(), "the policy");
    create(
        client,
        policy(
            "books-too", "targetRef: {kind: Service, name: books}\nbalancer: {name: round-robin}"));
    Await.until(() -> "False/Conflicted".equals(accepted(client, "books-too")), "a conflict");
    assertEquals(
        List.of(
            "ServicePolicy demo/books-too spec.targetRef: Service demo/books already has the older"
                + " ServicePolicy demo/books (expected: one ServicePolicy per Service)"),
        discovery.errors());
    assertEquals("p2c-peak-ewma", books.policy().getBalancer());

    client
        .genericKubernetesResources(ServicePolicies.CONTEXT)
        .inNamespace("demo")
        .withName("books")
        .delete();
    Await.until(() -> books.policy().getBalancer().equals("round-robin"), "the other one applies");
    Await.until(() -> discovery.errors().isEmpty(), "no conflict left");
    Await.until(() -> "True/Accepted".equals(accepted(client, "books-too")), "accepted now");
  }

  private String resourceVersion(String name) {
    return client
        .genericKubernetesResources(ServicePolicies.CONTEXT)
        .inNamespace("demo")
        .withName(name)
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private static Duration seconds(long seconds) {
    return Duration.newBuilder().setSeconds(seconds).build();
  }
}
