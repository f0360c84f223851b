package dev.weft.controlplane.discovery;

import static dev.weft.controlplane.discovery.Snapshots.BOOKS;
import static dev.weft.controlplane.discovery.Snapshots.books;
import static dev.weft.controlplane.discovery.Snapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.api.destination.v1.Address;
import dev.weft.api.destination.v1.Update;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What each kind of change turns into, in the order the Destination contract gives. */
class SnapshotDiffTest {
  @Test
  void theFirstStateIsPolicyThenAddOfEverything() {
    ServiceSnapshot current = books("registry.conf:1", endpoint("10.0.0.1:80", 0));
    List<Update> updates = SnapshotDiff.initial(current, "unused");
    assertEquals(List.of(Update.KindCase.POLICY, Update.KindCase.ADD), kinds(updates));
    assertEquals("registry.conf:1", updates.get(0).getPolicy().getSource());
    assertEquals(1, updates.get(1).getAdd().getEndpointsCount());
    assertEquals("books", updates.get(1).getAdd().getMetricLabelsMap().get("service"));
  }

  @Test
  void aServiceWithNoEndpointsStillGetsAnEmptyAdd() {
    List<Update> updates = SnapshotDiff.initial(books("s"), "unused");
    assertEquals(List.of(Update.KindCase.POLICY, Update.KindCase.ADD), kinds(updates));
    assertEquals(0, updates.get(1).getAdd().getEndpointsCount());
  }

  @Test
  void anAbsentServiceIsNoSuchServiceWithTheReason() {
    List<Update> updates = SnapshotDiff.initial(null, "no service books:80 in registry.conf");
    assertEquals(List.of(Update.KindCase.NO_SUCH_SERVICE), kinds(updates));
    assertEquals(
        "no service books:80 in registry.conf", updates.getFirst().getNoSuchService().getReason());
  }

  @Test
  void onlyWhatChangedIsSent() {
    ServiceSnapshot before =
        books(
            "s",
            endpoint("10.0.0.1:80", 0),
            endpoint("10.0.0.2:80", 0),
            endpoint("10.0.0.3:80", 0));
    ServiceSnapshot after =
        books(
            "s",
            endpoint("10.0.0.1:80", 0),
            endpoint("10.0.0.2:80", 50),
            endpoint("10.0.0.4:80", 0));
    List<Update> updates = SnapshotDiff.between(before, after, "unused");
    assertEquals(List.of(Update.KindCase.REMOVE, Update.KindCase.ADD), kinds(updates));
    assertEquals(
        List.of(Address.newBuilder().setIp("10.0.0.3").setPort(80).build()),
        updates.get(0).getRemove().getAddressesList());
    // A changed endpoint is an add that replaces it; the unchanged one is not sent again.
    assertEquals(
        List.of("10.0.0.2", "10.0.0.4"),
        updates.get(1).getAdd().getEndpointsList().stream()
            .map(e -> e.getAddress().getIp())
            .toList());
    assertEquals(50, updates.get(1).getAdd().getEndpoints(0).getWeight());
  }

  @Test
  void aPolicyChangeAloneIsOnePolicy() {
    ServiceSnapshot before = books("old", endpoint("10.0.0.1:80", 0));
    ServiceSnapshot after = books("new", endpoint("10.0.0.1:80", 0));
    List<Update> updates = SnapshotDiff.between(before, after, "unused");
    assertEquals(List.of(Update.KindCase.POLICY), kinds(updates));
    assertEquals("new", updates.getFirst().getPolicy().getSource());
    assertEquals(List.of(), SnapshotDiff.between(after, after, "unused"), "no change, no update");
  }

  @Test
  void disappearanceAndReappearance() {
    ServiceSnapshot present = books("s", endpoint("10.0.0.1:80", 0));
    assertEquals(
        List.of(Update.KindCase.NO_SUCH_SERVICE),
        kinds(SnapshotDiff.between(present, null, "gone")));
    assertEquals(
        List.of(Update.KindCase.POLICY, Update.KindCase.ADD),
        kinds(SnapshotDiff.between(null, present, "unused")),
        "a service that appears again starts over");
    assertEquals(List.of(), SnapshotDiff.between(null, null, "gone"), "absent stays quiet");
  }

  @Test
  void theIndexTellsWatchersOfRealChangesOnly() {
    DiscoveryIndex index = new DiscoveryIndex();
    AtomicInteger told = new AtomicInteger();
    DiscoveryIndex.Subscription subscription = index.subscribe(BOOKS, told::incrementAndGet);
    index.publish(books("s", endpoint("10.0.0.1:80", 0)));
    index.publish(books("s", endpoint("10.0.0.1:80", 0)));
    assertEquals(1, told.get(), "an equal snapshot is no change");
    index.replaceAll(List.of());
    assertEquals(2, told.get(), "replaceAll removes what it does not list");
    assertEquals(null, index.get(BOOKS));
    index.remove(BOOKS);
    assertEquals(2, told.get(), "removing an absent service is no change");
    subscription.close();
    index.publish(books("s"));
    assertEquals(2, told.get(), "a closed subscription hears nothing");
    assertEquals(0, index.watcherCount(BOOKS));
  }

  @Test
  void twoEndpointsWithOneAddressAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> books("s", endpoint("10.0.0.1:80", 0), endpoint("10.0.0.1:80", 5)));
    assertEquals("endpoint 10.0.0.1:80 is listed twice in books:80", e.getMessage());
  }

  @Test
  void namesAreCheckedAndNormalizedAsAProxyDoes() {
    assertEquals(BOOKS, ServiceName.parse("Books.:80"));
    assertEquals(
        "name 'books' has no port (expected: host:port such as books:80)",
        assertThrows(IllegalArgumentException.class, () -> ServiceName.parse("books"))
            .getMessage());
    assertEquals(
        "name 'books:x': port 'x' is not a number (expected: 1..65535)",
        assertThrows(IllegalArgumentException.class, () -> ServiceName.parse("books:x"))
            .getMessage());
    assertEquals(
        "name 'bo oks:80': host 'bo oks' (expected: a lower-case DNS name such as books or books.demo)",
        assertThrows(IllegalArgumentException.class, () -> ServiceName.parse("bo oks:80"))
            .getMessage());
  }

  private static List<Update.KindCase> kinds(List<Update> updates) {
    return updates.stream().map(Update::getKindCase).toList();
  }
}
