package dev.weft.controlplane.fleet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes mode: a proxy's heartbeat and its pod are one component when the instance is the pod's
 * name and the identity's namespace the pod's. The pod adds what only the cluster knows (the image
 * and its digest, the controlling workload); the heartbeat what only the process knows (its jar's
 * digest, identity, start). Either may come without the other: a pod whose proxy has not reported
 * yet, a proxy outside the cluster.
 */
final class FleetComponentMerge {
  private FleetComponentMerge() {}

  private record PodKey(String namespace, String name) {}

  static List<FleetComponent> withPods(List<FleetComponent> reported, List<ProxyPod> pods) {
    Map<PodKey, FleetComponent> byPod = new HashMap<>();
    List<FleetComponent> merged = new ArrayList<>();
    for (FleetComponent c : reported) {
      if ("proxy".equals(c.component()) && c.namespace() != null) {
        byPod.put(new PodKey(c.namespace(), c.instance()), c);
      } else {
        merged.add(c);
      }
    }
    for (ProxyPod pod : pods) {
      FleetComponent heartbeat = byPod.remove(new PodKey(pod.namespace(), pod.name()));
      merged.add(heartbeat == null ? podOnly(pod) : merge(heartbeat, pod));
    }
    merged.addAll(byPod.values());
    return merged;
  }

  /** The views with the workload of their pod, where there is one. */
  static List<InstanceView> podWorkloads(List<InstanceView> views, List<ProxyPod> pods) {
    if (pods.isEmpty()) {
      return views;
    }
    Map<PodKey, ProxyPod> byKey = new HashMap<>();
    pods.forEach(p -> byKey.put(new PodKey(p.namespace(), p.name()), p));
    return views.stream()
        .map(v -> {
          ProxyPod pod =
              v.namespace() == null ? null : byKey.get(new PodKey(v.namespace(), v.instance()));
          return pod == null
              ? v
              : new InstanceView(
                  v.instance(),
                  v.component(),
                  v.identity(),
                  v.namespace(),
                  pod.workload(),
                  v.lastSeen(),
                  v.samples());
        })
        .toList();
  }

  private static FleetComponent podOnly(ProxyPod pod) {
    return new FleetComponent(
        "proxy",
        pod.name(),
        pod.version(),
        null,
        pod.image(),
        pod.imageDigest(),
        null,
        false,
        pod.namespace(),
        pod.workload(),
        pod.zone(),
        null,
        null,
        List.of("pod"),
        false);
  }

  private static FleetComponent merge(FleetComponent heartbeat, ProxyPod pod) {
    return new FleetComponent(
        heartbeat.component(),
        heartbeat.instance(),
        heartbeat.version(),
        heartbeat.sha256(),
        pod.image(),
        pod.imageDigest(),
        heartbeat.identity(),
        heartbeat.identityVerified(),
        pod.namespace(),
        pod.workload(),
        pod.zone() != null ? pod.zone() : heartbeat.zone(),
        heartbeat.startedAt(),
        heartbeat.lastSeen(),
        List.of("heartbeat", "pod"),
        heartbeat.sbom());
  }
}
