package dev.weft.controlplane.discovery.kubernetes;

import dev.weft.controlplane.fleet.Fleet;
import dev.weft.controlplane.fleet.FleetCounter;
import dev.weft.controlplane.fleet.ProxyPod;
import dev.weft.controlplane.fleet.Workload;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Kubernetes mode's fleet: the pods carrying {@code weft.dev/proxy-version} (the injector writes it
 * on every pod it gives a proxy) that have not finished, grouped by the workload that owns them.
 */
final class KubernetesFleet {
  static final String PROXY_CONTAINER = "weft-proxy";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

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

  /** The meshed pods that have not finished, each with its workload, image and zone. */
  static List<ProxyPod> pods(Collection<Pod> pods) {
    List<ProxyPod> found = new ArrayList<>();
    for (Pod pod : pods) {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      String version =
          annotations == null ? null : annotations.get(EndpointTranslator.PROXY_ANNOTATION);
      if (version == null || finished(pod)) {
        continue;
      }
      String[] owner = owner(pod);
      Map<String, String> labels = pod.getMetadata().getLabels();
      found.add(
          new ProxyPod(
              pod.getMetadata().getNamespace(),
              pod.getMetadata().getName(),
              new Workload(owner[0], owner[1]),
              version,
              proxyImage(pod),
              proxyImageDigest(pod),
              labels == null ? null : labels.get(ZONE_LABEL)));
    }
    return found;
  }

  /** The proxy's image: a native sidecar (an init container) or, before those, a container. */
  private static String proxyImage(Pod pod) {
    if (pod.getSpec() == null) {
      return null;
    }
    return Stream.concat(
            stream(pod.getSpec().getInitContainers()), stream(pod.getSpec().getContainers()))
        .filter(c -> PROXY_CONTAINER.equals(c.getName()))
        .map(Container::getImage)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** {@code sha256:...} of the image the proxy container runs, from its status's imageID. */
  private static String proxyImageDigest(Pod pod) {
    if (pod.getStatus() == null) {
      return null;
    }
    return Stream.concat(
            stream(pod.getStatus().getInitContainerStatuses()),
            stream(pod.getStatus().getContainerStatuses()))
        .filter(s -> PROXY_CONTAINER.equals(s.getName()) && s.getImageID() != null)
        .map(s -> {
          // docker-pullable://registry/weft-proxy@sha256:..., registry/weft-proxy@sha256:...
          int at = s.getImageID().indexOf("sha256:");
          return at < 0 ? null : s.getImageID().substring(at);
        })
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static <T> Stream<T> stream(List<T> list) {
    return list == null ? Stream.empty() : list.stream();
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
