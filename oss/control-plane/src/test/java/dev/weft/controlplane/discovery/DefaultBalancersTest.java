package dev.weft.controlplane.discovery;

import static dev.weft.controlplane.discovery.Snapshots.books;
import static dev.weft.controlplane.discovery.Snapshots.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.spi.controlplane.BalancerChoice;
import dev.weft.spi.controlplane.ServiceRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How a snapshot becomes the chooser's ServiceRef, and what the chooser's answers do to it. */
class DefaultBalancersTest {
  private final DiscoveryIndex index = new DiscoveryIndex();
  private final DefaultBalancers balancers = new DefaultBalancers(index);

  @Test
  void withoutANamespaceLabelOrIdentityTheNamespaceIsDefault() {
    assertEquals(
        new ServiceRef("default", "books", Map.of()),
        DefaultBalancers.serviceRef(books("s", endpoint("10.0.0.1:80", 0))));
    ServiceSnapshot annotated =
        ServiceSnapshot.of(
            Snapshots.BOOKS,
            List.of(),
            ServicePolicy.getDefaultInstance(),
            Map.of("service", "books", "namespace", "demo"),
            Map.of("team", "catalog"));
    assertEquals(
        new ServiceRef("demo", "books", Map.of("team", "catalog")),
        DefaultBalancers.serviceRef(annotated));
  }

  @Test
  void anEmptyOrNullAnswerLeavesTheSnapshotAsItIs() {
    ServiceSnapshot snapshot = books("s", endpoint("10.0.0.1:80", 0));
    assertSame(snapshot, balancers.apply(snapshot), "no chooser");
    AtomicReference<Optional<BalancerChoice>> answer = new AtomicReference<>(Optional.empty());
    balancers.install(service -> answer.get());
    assertSame(snapshot, balancers.apply(snapshot));
    answer.set(null);
    assertSame(snapshot, balancers.apply(snapshot), "a null answer is a chooser's bug, ignored");
    assertNull(balancers.apply(null), "an absent service stays absent");

    answer.set(Optional.of(new BalancerChoice("hazl", Map.of("band.low", "0.5"))));
    ServiceSnapshot chosen = balancers.apply(snapshot);
    assertEquals("hazl", chosen.policy().getBalancer());
    assertEquals(Map.of("band.low", "0.5"), chosen.policy().getBalancerConfigMap());
    assertEquals("s", chosen.policy().getSource());
    assertEquals(snapshot.endpoints(), chosen.endpoints());
  }
}
