package dev.weft.controlplane.discovery.kubernetes;

import static dev.weft.controlplane.discovery.kubernetes.ClusterObjects.service;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Duration;
import dev.weft.api.destination.v1.Backend;
import dev.weft.api.destination.v1.Route;
import dev.weft.api.destination.v1.RouteMatch;
import dev.weft.api.destination.v1.StatusRange;
import dev.weft.controlplane.discovery.DestinationTestServer;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.testkit.Await;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GAMMA HTTPRoutes and GRPCRoutes on a Service become its policy; a bad one is named and skipped.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesRoutesTest {
  static final String BOOKS = "books.demo.svc.cluster.local:80";

  KubernetesClient client;
  private final DiscoveryIndex index = new DiscoveryIndex();
  private KubernetesDiscovery discovery;
  private DestinationTestServer server;

  @BeforeEach
  void start() {
    client.services().inNamespace("demo").resource(service("books")).create();
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
  void anHttpRouteWithWeightsTimeoutsAndRetriesBecomesThePolicy() {
    WatchClient books = server.watch(BOOKS);
    Await.until(() -> books.policy() != null, "the first policy");
    client.resources(HTTPRoute.class).inNamespace("demo").resource(splitRoute()).create();
    Await.until(() -> books.policy().getRoutesCount() == 2, "the route's two rules");
    assertEquals("HTTPRoute demo/books-split", books.policy().getSource());

    Route canary = books.policy().getRoutes(0);
    assertEquals("httproute/demo/books-split/canary", canary.getName());
    assertEquals(
        List.of(
            RouteMatch.newBuilder()
                .setPathPrefix("/api")
                .setMethod("GET")
                .putHeaders("x-canary", "1")
                .build()),
        canary.getMatchesList());
    assertEquals(
        List.of(
            backend("books-v1.demo.svc.cluster.local:80", 90),
            backend("books-v2.demo.svc.cluster.local:80", 10)),
        canary.getBackendsList());
    assertEquals(Duration.newBuilder().setSeconds(2).build(), canary.getTimeouts().getRequest());
    assertEquals(millis(500), canary.getRetry().getPerTryTimeout(), "backendRequest is per try");
    assertEquals(
        List.of(
            StatusRange.newBuilder().setFrom(500).setTo(599).build(),
            StatusRange.newBuilder().setFrom(429).setTo(429).build()),
        canary.getRetry().getHttpStatusesList());
    assertEquals(List.of(14), canary.getRetry().getGrpcCodesList());
    assertEquals(2, canary.getRetry().getLimit());

    Route rest = books.policy().getRoutes(1);
    assertEquals("httproute/demo/books-split/1", rest.getName());
    assertEquals(
        List.of(RouteMatch.newBuilder().setPathExact("/health").build()), rest.getMatchesList());
    assertEquals(
        millis(300), rest.getRetry().getPerTryTimeout(), "the annotation's per-try timeout");
    assertEquals(List.of(backend("books.demo.svc.cluster.local:80", 1)), rest.getBackendsList());

    WatchClient admin = server.watch("books.demo.svc.cluster.local:9000");
    Await.until(() -> admin.policy() != null, "the admin port's policy");
    assertEquals(0, admin.policy().getRoutesCount(), "the parentRef names port 80 only");
  }

  @Test
  void aBadRouteIsNamedAndSkippedWhileOthersApply() {
    HTTPRoute bad =
        new HTTPRouteBuilder(splitRoute())
            .editMetadata()
            .withName("bad")
            .endMetadata()
            .editSpec()
            .editRule(1)
            .editFirstMatch()
            .editPath()
            .withValue("health")
            .endPath()
            .endMatch()
            .endRule()
            .endSpec()
            .build();
    client.resources(HTTPRoute.class).inNamespace("demo").resource(bad).create();
    client.resources(GRPCRoute.class).inNamespace("demo").resource(grpcRoute()).create();
    WatchClient books = server.watch(BOOKS);
    Await.until(
        () -> books.policy() != null && books.policy().getRoutesCount() == 1, "the GRPCRoute only");
    assertEquals("GRPCRoute demo/books-grpc", books.policy().getSource());
    assertEquals(
        List.of(
            RouteMatch.newBuilder().setPathExact("/books.v1.Books/List").build(),
            RouteMatch.newBuilder().setPathPrefix("/books.v1.Admin/").build()),
        books.policy().getRoutes(0).getMatchesList());
    Await.until(() -> !discovery.errors().isEmpty(), "the bad route's error");
    assertEquals(
        List.of(
            "HTTPRoute demo/bad spec.rules[1].matches[0].path.value: 'health' (expected: a path"
                + " starting with /)"),
        discovery.errors());

    client.resources(HTTPRoute.class).inNamespace("demo").withName("bad").delete();
    Await.until(() -> discovery.errors().isEmpty(), "the error gone with the route");
  }

  private static HTTPRoute splitRoute() {
    return new HTTPRouteBuilder()
        .withNewMetadata()
        .withName("books-split")
        .withNamespace("demo")
        .addToAnnotations("retry.weft.dev/http", "5xx,429")
        .addToAnnotations("retry.weft.dev/grpc", "unavailable")
        .addToAnnotations("retry.weft.dev/limit", "2")
        .addToAnnotations("retry.weft.dev/timeout", "300ms")
        .endMetadata()
        .withNewSpec()
        .addNewParentRef()
        .withGroup("")
        .withKind("Service")
        .withName("books")
        .withPort(80)
        .endParentRef()
        .addNewRule()
        .withName("canary")
        .addNewMatch()
        .withNewPath()
        .withType("PathPrefix")
        .withValue("/api")
        .endPath()
        .withMethod("GET")
        .addNewHeader()
        .withName("X-Canary")
        .withValue("1")
        .endHeader()
        .endMatch()
        .addNewBackendRef()
        .withName("books-v1")
        .withPort(80)
        .withWeight(90)
        .endBackendRef()
        .addNewBackendRef()
        .withName("books-v2")
        .withPort(80)
        .withWeight(10)
        .endBackendRef()
        .withNewTimeouts()
        .withRequest("2s")
        .withBackendRequest("500ms")
        .endTimeouts()
        .endRule()
        .addNewRule()
        .addNewMatch()
        .withNewPath()
        .withType("Exact")
        .withValue("/health")
        .endPath()
        .endMatch()
        .addNewBackendRef()
        .withName("books")
        .withPort(80)
        .endBackendRef()
        .endRule()
        .endSpec()
        .build();
  }

  private static GRPCRoute grpcRoute() {
    return new GRPCRouteBuilder()
        .withNewMetadata()
        .withName("books-grpc")
        .withNamespace("demo")
        .endMetadata()
        .withNewSpec()
        .addNewParentRef()
        .withGroup("core")
        .withKind("Service")
        .withName("books")
        .endParentRef()
        .addNewRule()
        .addNewMatch()
        .withNewMethod()
        .withService("books.v1.Books")
        .withMethod("List")
        .endMethod()
        .endMatch()
        .addNewMatch()
        .withNewMethod()
        .withService("books.v1.Admin")
        .endMethod()
        .endMatch()
        .endRule()
        .endSpec()
        .build();
  }

  private static Backend backend(String name, int weight) {
    return Backend.newBuilder().setName(name).setWeight(weight).build();
  }

  private static Duration millis(int millis) {
    return Duration.newBuilder().setNanos(millis * 1_000_000).build();
  }
}
