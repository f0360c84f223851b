package dev.weft.controlplane.discovery.kubernetes;

import dev.weft.controlplane.fleet.Fleet;
import dev.weft.controlplane.fleet.FleetCounter;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kubernetes mode's fleet: the pods carrying {@code weft.dev/proxy-version} (the injector writes it
 * on every pod it gives a proxy) that have not finished, grouped by the workload that owns them.
 */
final class KubernetesFleet {
  private KubernetesFleet() {}

  static Fleet of(Collection<Pod> pods) {
    FleetCounter counter = new FleetCounter();
    for (Pod pod : pods) {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      String version =
          annotations == null ? null : annotations.get(EndpointTranslator.PROXY_ANNOTATION);
      if (version == null || finished(pod)) {
        continue;
      }
      String[] owner = owner(pod);
      counter.add(pod.getMetadata().getNamespace(), owner[0], owner[1], version);
    }
    return counter.fleet("pods");
  }

  private static boolean finished(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /**
   * {kind, name}: a Deployment through its ReplicaSet's name, else the controller, else the pod.
   */
  private static String[] owner(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners != null) {
      for (OwnerReference owner : owners) {
        if (!Boolean.TRUE.equals(owner.getController())) {
          continue;
        }
        if ("ReplicaSet".equals(owner.getKind())) {
          Map<String, String> labels = pod.getMetadata().getLabels();
          String hash = labels == null ? null : labels.get("pod-template-hash");
          if (hash != null && owner.getName().endsWith("-" + hash)) {
            String name = owner.getName();
            return new String[] {
              "deployment", name.substring(0, name.length() - hash.length() - 1)
            };
          }
        }
        return new String[] {owner.getKind().toLowerCase(Locale.ROOT), owner.getName()};
      }
    }
    return new String[] {"pod", pod.getMetadata().getName()};
  }
}
