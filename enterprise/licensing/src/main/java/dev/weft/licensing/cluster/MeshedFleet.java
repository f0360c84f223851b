package dev.weft.licensing.cluster;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The meshed fleet, counted as the control plane counts it (docs/control-plane.md, "Fleet"): pods
 * carrying {@code weft.dev/proxy-version}, not finished and not being deleted, grouped by the
 * workload that controls them. This is what the license's {@code meshedWorkloads} limit is compared
 * with.
 *
 * @param workloads distinct workloads (namespace, kind, name)
 * @param pods meshed pods
 */
public record MeshedFleet(long workloads, long pods) {
  static final String PROXY_ANNOTATION = "weft.dev/proxy-version";

  /** The fleet of every namespace the client can list pods in. */
  public static MeshedFleet count(KubernetesClient client) {
    return of(client.pods().inAnyNamespace().list().getItems());
  }

  static MeshedFleet of(Collection<Pod> pods) {
    Set<List<String>> workloads = new HashSet<>();
    long meshed = 0;
    for (Pod pod : pods) {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      if (annotations == null || annotations.get(PROXY_ANNOTATION) == null || finished(pod)) {
        continue;
      }
      meshed++;
      workloads.add(workload(pod));
    }
    return new MeshedFleet(workloads.size(), meshed);
  }

  /** Whether {@code limit} (null: unlimited) is exceeded. */
  public boolean over(Long limit) {
    return limit != null && workloads > limit;
  }

  /** {@code N meshed workloads of LIMIT (M pods)}. */
  public String usage(Long limit) {
    return workloads
        + " meshed workloads of "
        + (limit == null ? "unlimited" : limit.toString())
        + " ("
        + pods
        + " pods)";
  }

  private static boolean finished(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /**
   * {namespace, kind, name}: a Deployment through its ReplicaSet, else the controller, else the
   * pod.
   */
  private static List<String> workload(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
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
            return List.of(
                namespace, "deployment", name.substring(0, name.length() - hash.length() - 1));
          }
        }
        return List.of(namespace, owner.getKind().toLowerCase(Locale.ROOT), owner.getName());
      }
    }
    return List.of(namespace, "pod", pod.getMetadata().getName());
  }
}
