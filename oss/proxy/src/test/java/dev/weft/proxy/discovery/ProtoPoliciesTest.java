package dev.weft.proxy.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import dev.weft.api.destination.v1.Address;
import dev.weft.api.destination.v1.Backend;
import dev.weft.api.destination.v1.Endpoint;
import dev.weft.api.destination.v1.RetryPolicy;
import dev.weft.api.destination.v1.Route;
import dev.weft.api.destination.v1.RouteMatch;
import dev.weft.api.destination.v1.StatusRange;
import dev.weft.api.destination.v1.Timeouts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoPoliciesTest {
  @Test
  void anEndpointGetsItsDefaultsAndItsServicesLabels() {
    EndpointSpec e =
        ProtoPolicies.endpoint(
            Endpoint.newBuilder()
                .setAddress(Address.newBuilder().setIp("127.0.0.1").setPort(7721))
                .setIdentity("books.demo.serviceaccount.identity.weft.cluster.local")
                .setZone("zone-a")
                .putMetricLabels("pod", "books-0")
                .setReady(true)
                .build(),
            Map.of("service", "books", "pod", "overridden"));
    assertEquals(7721, e.address().getPort());
    assertEquals(EndpointSpec.DEFAULT_WEIGHT, e.weight());
    assertEquals("zone-a", e.zone());
    assertEquals(Map.of("service", "books", "pod", "books-0"), e.labels());
    assertTrue(e.ready());
  }

  @Test
  void badAddressesAreRefusedNamingTheField() {
    var noPort = Address.newBuilder().setIp("127.0.0.1").build();
    assertEquals(
        "address.port: 0 (expected: 1..65535)",
        assertThrows(IllegalArgumentException.class, () -> ProtoPolicies.address(noPort))
            .getMessage());
    var name = Address.newBuilder().setIp("books.example").setPort(80).build();
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ProtoPolicies.address(name))
            .getMessage()
            .startsWith("address.ip: 'books.example'"));
  }

  @Test
  void aRouteBecomesItsMatchesTimeoutsRetriesAndSplit() {
    var p =
        dev.weft.api.destination.v1.ServicePolicy.newBuilder()
            .addRoutes(
                Route.newBuilder()
                    .setName("get-books")
                    .addMatches(RouteMatch.newBuilder().setPathPrefix("/books").setMethod("GET"))
                    .addBackends(Backend.newBuilder().setName("Books-V2:80").setWeight(10))
                    .addBackends(Backend.newBuilder().setName("books-v1:80").setWeight(90))
                    .setTimeouts(
                        Timeouts.newBuilder().setRequest(Duration.newBuilder().setSeconds(2)))
                    .setRetry(
                        RetryPolicy.newBuilder()
                            .addHttpStatuses(StatusRange.newBuilder().setFrom(502).setTo(504))
                            .addGrpcCodes(14)))
            .build();
    ServicePolicy policy = ProtoPolicies.policy(p);
    RouteSpec r = policy.routes().getFirst();
    assertEquals("get-books", r.name());
    assertEquals("books-v2:80", r.backends().getFirst().name());
    assertEquals(java.time.Duration.ofSeconds(2), r.requestTimeout());
    assertTrue(r.retry().retriesStatus(503));
    assertFalse(r.retry().retriesStatus(500));
    assertTrue(r.retry().retriesGrpc(14));
    assertEquals(RetrySpec.DEFAULT_LIMIT, r.retry().limit());
    assertEquals(RetrySpec.DEFAULT_MAX_REPLAY, r.retry().maxReplayBytes());
    assertEquals(ServicePolicy.BudgetSpec.DEFAULT, policy.budget());
  }

  @Test
  void badPolicyFieldsAreNamed() {
    var badRange =
        dev.weft.api.destination.v1.ServicePolicy.newBuilder()
            .addRoutes(
                Route.newBuilder()
                    .setRetry(
                        RetryPolicy.newBuilder()
                            .addHttpStatuses(StatusRange.newBuilder().setFrom(600).setTo(700))))
            .build();
    assertEquals(
        "routes[0].retry.http_statuses: 600..700 (expected: a range within 100..599)",
        assertThrows(IllegalArgumentException.class, () -> ProtoPolicies.policy(badRange))
            .getMessage());
    var zeroWeights =
        dev.weft.api.destination.v1.ServicePolicy.newBuilder()
            .addBackends(Backend.newBuilder().setName("a:80"))
            .addBackends(Backend.newBuilder().setName("b:80"))
            .build();
    assertEquals(
        "backends: every weight is 0 (expected: one > 0)",
        assertThrows(IllegalArgumentException.class, () -> ProtoPolicies.policy(zeroWeights))
            .getMessage());
    var negative =
        dev.weft.api.destination.v1.ServicePolicy.newBuilder()
            .addRoutes(
                Route.newBuilder()
                    .setTimeouts(
                        Timeouts.newBuilder().setRequest(Duration.newBuilder().setSeconds(-1))))
            .build();
    assertEquals(
        "routes[0].timeouts.request: PT-1S (expected: > 0)",
        assertThrows(IllegalArgumentException.class, () -> ProtoPolicies.policy(negative))
            .getMessage());
  }
}
