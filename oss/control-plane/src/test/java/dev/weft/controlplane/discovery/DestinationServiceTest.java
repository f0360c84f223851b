package dev.weft.controlplane.discovery;

import static dev.weft.controlplane.discovery.Snapshots.BOOKS;
import static dev.weft.controlplane.discovery.Snapshots.books;
import static dev.weft.controlplane.discovery.Snapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.destination.v1.Update;
import dev.weft.controlplane.GrpcServer;
import dev.weft.testkit.Await;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watch over a real socket: first state, changes, refusals, a slow proxy, cancellation. */
class DestinationServiceTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DiscoveryIndex index = new DiscoveryIndex();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private GrpcServer server;
  private final List<WatchClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    start(executor);
  }

  private void start(java.util.concurrent.Executor drains) {
    if (server != null) {
      server.close();
    }
    DestinationService service =
        new DestinationService(index, new DiscoveryMetrics(registry, index, () -> 0), drains);
    server = GrpcServer.start("127.0.0.1", 0, service);
  }

  @AfterEach
  void stop() {
    for (WatchClient client : clients) {
      client.close();
    }
    server.close();
    executor.shutdownNow();
  }

  @Test
  void aKnownServiceStartsWithPolicyAndAddThenGetsChanges() {
    index.markSynced();
    index.publish(books("first", endpoint("10.0.0.1:80", 0), endpoint("10.0.0.2:80", 0)));
    WatchClient client = watch("books:80");
    Await.until(() -> client.received().size() == 2, "the first state");
    assertEquals(Update.KindCase.POLICY, client.received().get(0).getKindCase());
    assertEquals(Update.KindCase.ADD, client.received().get(1).getKindCase());
    assertEquals(2, client.endpoints().size());

    index.publish(books("first", endpoint("10.0.0.2:80", 0), endpoint("10.0.0.3:80", 0)));
    Await.until(
        () -> client.endpoints().keySet().equals(java.util.Set.of("10.0.0.2:80", "10.0.0.3:80")),
        "10.0.0.1 replaced by 10.0.0.3");
    index.publish(books("second", endpoint("10.0.0.2:80", 0), endpoint("10.0.0.3:80", 0)));
    Await.until(() -> client.policy().getSource().equals("second"), "the new policy");
    assertEquals(1.0, gauge("weft.destination.watches.active"));
    assertEquals(1.0, gauge("weft.discovery.services"));
    assertTrue(sent() >= 5, "policy, add, remove, add, policy: " + sent());
  }

  @Test
  void anUnknownServiceIsNoSuchServiceUntilItAppearsAndAfterItGoes() {
    index.markSynced();
    index.describeAbsence(name -> "no service " + name + " in registry.conf");
    WatchClient client = watch("BOOKS:80");
    Await.until(() -> client.noSuchService() != null, "no_such_service");
    assertEquals("no service books:80 in registry.conf", client.noSuchService());

    index.publish(books("appeared", endpoint("10.0.0.1:80", 0)));
    Await.until(() -> client.endpoints().size() == 1, "the service once it appears");
    assertEquals("appeared", client.policy().getSource());

    index.remove(BOOKS);
    Await.until(() -> client.noSuchService() != null, "no_such_service once it is gone");
    assertEquals(
        List.of(
            Update.KindCase.NO_SUCH_SERVICE,
            Update.KindCase.POLICY,
            Update.KindCase.ADD,
            Update.KindCase.NO_SUCH_SERVICE),
        client.received().stream().map(Update::getKindCase).toList());
  }

  @Test
  void aNameThatIsNotHostPortIsInvalidArgument() {
    index.markSynced();
    WatchClient client = watch("books");
    Await.until(() -> client.error() != null, "the call refused");
    assertEquals(Status.Code.INVALID_ARGUMENT, client.error().getCode());
    assertEquals(
        "name 'books' has no port (expected: host:port such as books:80)",
        client.error().getDescription());
    assertEquals(List.of(), client.received());
  }

  @Test
  void beforeTheSourceHasLoadedWatchIsUnavailable() {
    WatchClient client = watch("books:80");
    Await.until(() -> client.error() != null, "the call refused");
    assertEquals(Status.Code.UNAVAILABLE, client.error().getCode());
  }

  @Test
  void aSlowProxyGetsTheNewestStateNotEveryChange() {
    // Sends run on the publishing thread here, so every change is offered to the stream at once:
    // only the stream's own flow control can coalesce them.
    registry.clear();
    start(Runnable::run);
    index.markSynced();
    int changes = 400;
    index.publish(snapshot(0));
    // 64 KiB of window: the server stops being ready after a few big updates.
    WatchClient client = WatchClient.slow(server.port(), "books:80", 65_535);
    clients.add(client);
    Await.until(() -> index.watcherCount(BOOKS) == 1, "the watch open");
    for (int i = 1; i <= changes; i++) {
      index.publish(snapshot(i)); // every endpoint changes weight: each diff is ~10 KiB
    }
    client.request(Integer.MAX_VALUE);
    Await.until(
        () ->
            client.endpoints().size() == 300
                && client.endpoints().values().stream().allMatch(e -> e.getWeight() == changes),
        "the last state");
    double adds =
        registry.get("weft.destination.updates.sent").tag("kind", "add").counter().count();
    assertTrue(adds < changes / 4.0, "changes were coalesced, not queued: " + adds + " adds sent");
  }

  @Test
  void cancellingAWatchUnsubscribesIt() {
    index.markSynced();
    index.publish(books("s", endpoint("10.0.0.1:80", 0)));
    WatchClient client = watch("books:80");
    Await.until(() -> client.endpoints().size() == 1, "the first state");
    assertEquals(1, index.watcherCount(BOOKS));
    client.cancel();
    Await.until(() -> index.watcherCount(BOOKS) == 0, "the subscription closed");
    Await.until(() -> gauge("weft.destination.watches.active") == 0.0, "no active watch");
    double before = sent();
    index.publish(books("after", endpoint("10.0.0.9:80", 0)));
    assertEquals(before, sent(), "nothing is sent to a cancelled watch");
  }

  private ServiceSnapshot snapshot(int weight) {
    List<ServiceEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      endpoints.add(endpoint("10.1." + (i / 250) + "." + (i % 250) + ":8080", weight));
    }
    return books("s", endpoints.toArray(ServiceEndpoint[]::new));
  }

  private WatchClient watch(String name) {
    WatchClient client = WatchClient.watch(server.port(), name);
    clients.add(client);
    return client;
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double sent() {
    return registry.get("weft.destination.updates.sent").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
