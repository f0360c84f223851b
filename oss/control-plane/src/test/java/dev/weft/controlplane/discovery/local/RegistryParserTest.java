package dev.weft.controlplane.discovery.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import dev.weft.api.destination.v1.Backend;
import dev.weft.api.destination.v1.ProtocolHint;
import dev.weft.api.destination.v1.Route;
import dev.weft.api.destination.v1.RouteMatch;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.api.destination.v1.StatusRange;
import dev.weft.controlplane.discovery.EndpointAddress;
import dev.weft.controlplane.discovery.ServiceEndpoint;
import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.ServiceSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry file format: the contract's full example, and every kind of error with its line. */
class RegistryParserTest {
  static final String EXAMPLE =
      """
      # the example of the contract
      service books:80
        endpoint 127.0.0.1:7721 identity=books.demo.serviceaccount.identity.weft.cluster.local zone=zone-a weight=100 label.pod=books-0
        endpoint 127.0.0.1:7724 zone=zone-b ready=false          # terminating: still serving, avoided
        split books-v1:80=90 books-v2:80=10                      # service-level traffic split (optional)
        route get-books match=GET:/books* timeout=2s response-timeout=5s retry-on=5xx,429 retry-grpc=unavailable,resource-exhausted retry-limit=2 per-try-timeout=500ms max-replay=64KiB backends=books:80=100
        budget ratio=0.2 min-per-second=10 ttl=10s
        accrual failures=7 min-backoff=1s max-backoff=60s
        balancer p2c-peak-ewma default-rtt=30ms decay=10s
      """;

  @Test
  void theContractsExampleReadsAsIntended() {
    RegistryParse parse = RegistryParser.parse("registry.conf", EXAMPLE);
    assertEquals(List.of(), parse.errors());
    ServiceSnapshot books = parse.services().get(ServiceName.parse("books:80"));
    ServiceEndpoint first = books.endpoints().get(EndpointAddress.parse("127.0.0.1:7721"));
    assertEquals("books.demo.serviceaccount.identity.weft.cluster.local", first.identity());
    assertEquals(ProtocolHint.PROTOCOL_HINT_H2, first.protocolHint(), "meshed means h2");
    assertEquals(100, first.weight());
    assertEquals(Map.of("pod", "books-0", "zone", "zone-a"), first.metricLabels());
    assertTrue(first.ready());
    ServiceEndpoint second = books.endpoints().get(EndpointAddress.parse("127.0.0.1:7724"));
    assertEquals(false, second.ready());
    assertEquals(ProtocolHint.PROTOCOL_HINT_UNKNOWN, second.protocolHint());

    ServicePolicy policy = books.policy();
    assertEquals("registry.conf:2", policy.getSource());
    assertEquals(
        List.of(backend("books-v1:80", 90), backend("books-v2:80", 10)), policy.getBackendsList());
    Route route = policy.getRoutes(0);
    assertEquals("get-books", route.getName());
    assertEquals(
        List.of(RouteMatch.newBuilder().setMethod("GET").setPathPrefix("/books").build()),
        route.getMatchesList());
    assertEquals(seconds(2), route.getTimeouts().getRequest());
    assertEquals(seconds(5), route.getTimeouts().getResponse());
    assertEquals(List.of(range(500, 599), range(429, 429)), route.getRetry().getHttpStatusesList());
    assertEquals(List.of(14, 8), route.getRetry().getGrpcCodesList());
    assertEquals(2, route.getRetry().getLimit());
    assertEquals(
        Duration.newBuilder().setNanos(500_000_000).build(), route.getRetry().getPerTryTimeout());
    assertEquals(65536, route.getRetry().getMaxReplayBytes());
    assertEquals(List.of(backend("books:80", 100)), route.getBackendsList());
    assertEquals(0.2, policy.getRetryBudget().getRetryRatio());
    assertEquals(10, policy.getRetryBudget().getMinRetriesPerSecond());
    assertEquals(seconds(10), policy.getRetryBudget().getTtl());
    assertEquals(7, policy.getFailureAccrual().getConsecutiveFailures());
    assertEquals(seconds(60), policy.getFailureAccrual().getMaxBackoff());
    assertEquals("p2c-peak-ewma", policy.getBalancer());
    assertEquals(Map.of("default-rtt", "30ms", "decay", "10s"), policy.getBalancerConfigMap());
    assertEquals(Map.of("service", "books"), books.metricLabels());
  }

  @Test
  void severalMatchesAreAlternativesAndHeadersApplyToEach() {
    RegistryParse parse =
        RegistryParser.parse(
            "registry.conf",
            "service a:80\n  route r match=*:/exact match=POST:/p* header.X-User=alice\n");
    Route route = parse.services().get(ServiceName.parse("a:80")).policy().getRoutes(0);
    assertEquals(
        List.of(
            RouteMatch.newBuilder().setPathExact("/exact").putHeaders("x-user", "alice").build(),
            RouteMatch.newBuilder()
                .setMethod("POST")
                .setPathPrefix("/p")
                .putHeaders("x-user", "alice")
                .build()),
        route.getMatchesList());
    assertEquals(false, route.hasRetry(), "no retry key, no retries");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          endpoint 127.0.0.1:x | endpoint '127.0.0.1:x': port 'x' is not a number (expected: 1..65535)
          endpoint 127.0.0.1:0 | endpoint '127.0.0.1:0': port 0 (expected: 1..65535)
          endpoint books:80 | endpoint 'books:80': address 'books' (expected: an IPv4 or IPv6 literal)
          endpoint ::1:80 | endpoint '::1:80': IPv6 address without brackets (expected: [IPV6]:PORT such as [::1]:8080)
          endpoint | endpoint: no address (expected: endpoint IP:PORT [key=value...])
          endpoint 127.0.0.1:80 weight=heavy | endpoint '127.0.0.1:80': weight 'heavy' is not a number in 0..1000000
          endpoint 127.0.0.1:80 ready=maybe | endpoint '127.0.0.1:80': ready 'maybe' (expected: true or false)
          endpoint 127.0.0.1:80 color=red | endpoint '127.0.0.1:80': unknown key 'color' (expected: identity, zone, weight, ready, protocol or label.NAME)
          endpoint 127.0.0.1:80 zone | endpoint '127.0.0.1:80': 'zone' is not key=value
          endpoint 127.0.0.1:80 zone= | endpoint '127.0.0.1:80': zone has no value
          split books-v1:80 | split: backend 'books-v1:80' has no weight (expected: NAME:PORT=WEIGHT)
          split books-v1=5 | split: backend 'books-v1=5': name 'books-v1' has no port (expected: host:port such as books:80)
          route | route: no name (expected: route NAME [key=value...])
          route r match=/books | route 'r': match: '/books' has no ':' (expected: METHOD:PATH such as GET:/books* or *:/health)
          route r match=get:/books | route 'r': match: method 'get' (expected: * or an upper-case method such as GET)
          route r match=GET:books | route 'r': match: path 'books' (expected: starting with /)
          route r timeout=2 | route 'r': timeout: duration '2' (expected: a positive duration such as 250ms, 2s, 1m or 1h30m)
          route r retry-on=6xx | route 'r': retry-on: HTTP status '6xx' in '6xx' (expected: 5xx, 4xx, gateway-error, a status such as 503 or a range such as 500-504)
          route r retry-grpc=sad | route 'r': retry-grpc: gRPC code 'sad' (expected: a name such as unavailable, resource-exhausted, deadline-exceeded, internal, cancelled, or a number 1..16)
          route r retry-limit=0 | route 'r': retry-limit: retry-limit '0' is not a number in 1..100
          route r max-replay=1GB | route 'r': max-replay: size '1GB' (expected: bytes such as 65536, 64KiB or 1MiB, below 2GiB)
          route r speed=fast | route 'r': speed: unknown key 'speed' (expected: match, header.NAME, timeout, response-timeout, retry-on, retry-grpc, retry-limit, per-try-timeout, max-replay or backends)
          budget ratio=lots | budget: ratio 'lots' (expected: a number in 0..10 such as 0.2)
          accrual min-backoff=1m max-backoff=1s | accrual: min-backoff is longer than max-backoff
          balancer | balancer: no name (expected: balancer NAME [key=value...], e.g. balancer p2c-peak-ewma)
          weights 1 | unknown keyword 'weights' (expected: endpoint, split, route, budget, accrual or balancer)
          """)
  void aBadLineIsReportedWithItsLineAndReason(String line, String reason) {
    RegistryParse parse =
        RegistryParser.parse(
            "registry.conf",
            "# services\nservice books:80\n  endpoint 10.0.0.1:80\n  " + line + "\n");
    assertEquals(List.of(new RegistryError(4, "registry.conf:4: " + reason)), parse.errors());
    assertEquals(Set.of(ServiceName.parse("books:80")), parse.broken());
    assertEquals(Map.of(), parse.services());
  }

  @Test
  void structuralErrorsNameTheirLineAndLeaveOtherServicesAlone() {
    String content =
        """
          endpoint 10.0.0.1:80
        service good:80
          endpoint 10.0.0.2:80
        frobnicate
        service Bad Name
          endpoint 10.0.0.3:80
        service good:80
        service twice:80
          route r
          route r
          budget
          budget
        """;
    RegistryParse parse = RegistryParser.parse("registry.conf", content);
    assertEquals(
        List.of(
            "registry.conf:1: indented line 'endpoint 10.0.0.1:80' belongs to no service line above it",
            "registry.conf:4: unknown keyword 'frobnicate' (expected: service at the start of a line;"
                + " endpoint, split, route, budget, accrual and balancer indented under it)",
            "registry.conf:5: service 'Bad': name 'Bad' has no port (expected: host:port such as"
                + " books:80)",
            "registry.conf:7: service 'good:80' is defined twice (expected: one service line per"
                + " name)",
            "registry.conf:10: route 'r' is defined twice in service 'twice:80'",
            "registry.conf:12: budget: given twice in service 'twice:80' (expected: at most one"
                + " budget line)"),
        parse.errors().stream().map(RegistryError::message).toList());
    assertEquals(
        Set.of(ServiceName.parse("good:80"), ServiceName.parse("twice:80")), parse.broken());
    assertEquals(Map.of(), parse.services());
  }

  @Test
  void anEmptyOrCommentOnlyFileHasNoServices() {
    RegistryParse parse = RegistryParser.parse("registry.conf", "# nothing\n\n   \n");
    assertEquals(Map.of(), parse.services());
    assertEquals(List.of(), parse.errors());
  }

  private static Backend backend(String name, int weight) {
    return Backend.newBuilder().setName(name).setWeight(weight).build();
  }

  private static Duration seconds(long seconds) {
    return Duration.newBuilder().setSeconds(seconds).build();
  }

  private static StatusRange range(int from, int to) {
    return StatusRange.newBuilder().setFrom(from).setTo(to).build();
  }
}
