package dev.weft.controlplane.discovery.kubernetes;

import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.ready;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.service;
import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.weft.controlplane.discovery.DestinationTestServer;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.testkit.Await;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cluster without the Gateway API and ServicePolicy CRDs: Services are discovered, just without
 * routes and with the proxies' default budget, accrual and balancer.
 */
class KubernetesWithoutGatewayApiTest {
  private KubernetesMockServer apiServer;
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    // The API server answers 404 for both groups, as one without the CRDs does.
    KubernetesCrudDispatcher dispatcher =
        new KubernetesCrudDispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getPath().startsWith("/apis/gateway.networking.k8s.io/")
                || request.getPath().startsWith("/apis/policy.weft.dev/")) {
              return new MockResponse()
                  .setResponseCode(404)
                  .setBody("{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":404}");
            }
            return super.dispatch(request);
          }
        };
    apiServer =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    apiServer.init(InetAddress.getByName("127.0.0.1"), 0);
    client = apiServer.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    apiServer.destroy();
  }

  @Test
  void servicesAreServedWithoutRoutes() throws Exception {
    client.services().inNamespace("demo").resource(service("books")).create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace("demo")
        .resource(slice("books-1", "books", ready("10.0.0.1", "books-a", "node-a")))
        .create();
    DiscoveryIndex index = new DiscoveryIndex();
    try (KubernetesDiscovery discovery =
            KubernetesDiscovery.start(client, index, "cluster.local", "cluster.local");
        DestinationTestServer server = new DestinationTestServer(index)) {
      Await.until(index::synced, "synced without the route informers");
      WatchClient books = server.watch("books.demo.svc.cluster.local:80");
      Await.until(
          Duration.ofSeconds(30),
          () -> books.endpoints().size() == 1,
          () -> "the endpoint; received " + books.received() + ", status " + books.error());
      assertEquals(0, books.policy().getRoutesCount());
      assertFalse(books.policy().hasRetryBudget());
      assertEquals("", books.policy().getBalancer());
      assertEquals(List.of(), discovery.errors());
    }
  }
}
