package dev.weft.cli.check;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;

/**
 * The workload a pod belongs to, as a user names it ({@code deployment/books}), so that a hint can
 * say what to restart: a Deployment's pods are owned by a ReplicaSet, which it owns.
 */
final class Owners {
  private Owners() {}

  /** {@code kind/name} of the pod's top controller, or {@code pod/NAME} for a bare pod. */
  static String of(KubernetesClient client, Pod pod) {
    OwnerReference owner = controller(pod);
    if (owner == null) {
      return "pod/" + pod.getMetadata().getName();
    }
    if (owner.getKind().equals("ReplicaSet")) {
      ReplicaSet rs =
          client
              .apps()
              .replicaSets()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(owner.getName())
              .get();
      OwnerReference top = rs == null ? null : controller(rs);
      if (top != null) {
        owner = top;
      }
    }
    return owner.getKind().toLowerCase(Locale.ROOT) + "/" + owner.getName();
  }

  /** What to run so the workload's pods are recreated (and injected anew). */
  static String restart(String namespace, String owner) {
    if (owner.startsWith("deployment/")
        || owner.startsWith("statefulset/")
        || owner.startsWith("daemonset/")) {
      return "kubectl rollout restart -n " + namespace + " " + owner;
    }
    return "recreate " + owner + " in namespace " + namespace;
  }

  private static OwnerReference controller(HasMetadata object) {
    for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController())) {
        return ref;
      }
    }
    return null;
  }
}
