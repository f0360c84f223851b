package dev.weft.controlplane.discovery.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.controlplane.fleet.Fleet;
import dev.weft.controlplane.fleet.MeshedWorkload;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Meshed pods counted by the workload that owns them; unmeshed and finished pods left out. */
class KubernetesFleetTest {
  @Test
  void podsAreCountedByTheirWorkload() {
    Fleet fleet =
        KubernetesFleet.of(
            List.of(
                pod("books-7d4f-a", "ReplicaSet", "books-7d4f", "7d4f", "0.1.0", "Running"),
                pod("books-7d4f-b", "ReplicaSet", "books-7d4f", "7d4f", "0.1.0", "Running"),
                pod("books-6c1e-c", "ReplicaSet", "books-6c1e", "6c1e", "0.0.9", "Running"),
                pod("authors-0", "StatefulSet", "authors", null, "0.1.0", "Running"),
                pod("agent-x", "DaemonSet", "agent", null, "0.1.0", "Pending"),
                pod("debug", null, null, null, "0.1.0", "Running"),
                pod("legacy-1", "ReplicaSet", "legacy-1", null, "0.1.0", "Running"),
                // Not meshed, or no longer running: not counted.
                pod("plain-1", "ReplicaSet", "plain-1", null, null, "Running"),
                pod("migrate-1", "Job", "migrate", null, "0.1.0", "Succeeded")));

    assertEquals(7, fleet.meshedPods());
    assertEquals(
        List.of(
            new MeshedWorkload("demo", "daemonset", "agent", 1, Set.of("0.1.0")),
            new MeshedWorkload("demo", "deployment", "books", 3, Set.of("0.0.9", "0.1.0")),
            new MeshedWorkload("demo", "pod", "debug", 1, Set.of("0.1.0")),
            new MeshedWorkload("demo", "replicaset", "legacy-1", 1, Set.of("0.1.0")),
            new MeshedWorkload("demo", "statefulset", "authors", 1, Set.of("0.1.0"))),
        fleet.workloads());
    assertEquals(5, fleet.meshedWorkloads());
    assertEquals("pods", fleet.source());
  }

  @Test
  void aPodBeingDeletedIsNotCounted() {
    Pod leaving = pod("books-7d4f-a", "ReplicaSet", "books-7d4f", "7d4f", "0.1.0", "Running");
    leaving.getMetadata().setDeletionTimestamp("2026-11-23T05:00:00Z");
    assertEquals(0, KubernetesFleet.of(List.of(leaving)).meshedPods());
  }

  private static Pod pod(
      String name, String ownerKind, String owner, String hash, String proxy, String phase) {
    PodBuilder b =
        new PodBuilder().withNewMetadata().withNamespace("demo").withName(name).endMetadata();
    if (ownerKind != null) {
      b.editMetadata()
          .addNewOwnerReference()
          .withKind(ownerKind)
          .withName(owner)
          .withController(true)
          .endOwnerReference()
          .endMetadata();
    }
    if (hash != null) {
      b.editMetadata().addToLabels("pod-template-hash", hash).endMetadata();
    }
    if (proxy != null) {
      b.editMetadata().addToAnnotations(EndpointTranslator.PROXY_ANNOTATION, proxy).endMetadata();
    }
    return b.withNewStatus().withPhase(phase).endStatus().build();
  }
}
