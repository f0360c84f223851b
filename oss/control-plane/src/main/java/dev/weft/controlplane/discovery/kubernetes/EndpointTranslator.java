package dev.weft.controlplane.discovery.kubernetes;

import dev.weft.api.destination.v1.ProtocolHint;
import dev.weft.controlplane.discovery.EndpointAddress;
import dev.weft.controlplane.discovery.ServiceEndpoint;
import dev.weft.controlplane.identity.IdentityName;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns the EndpointSlices of one Service port into endpoints: conditions into membership and
 * readiness, the Pod into identity and metric labels, the Node into a zone when the slice has none.
 */
final class EndpointTranslator {
  /** Present on every pod a Weft proxy runs in; its value is the proxy's version. */
  static final String PROXY_ANNOTATION = "weft.dev/proxy-version";

  static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private final String trustDomain;
  private final Function<String, Pod> pods;
  private final Function<String, Node> nodes;

  /**
   * @param pods a pod by {@code ns/name}, or null
   * @param nodes a node by name, or null
   */
  EndpointTranslator(String trustDomain, Function<String, Pod> pods, Function<String, Node> nodes) {
    this.trustDomain = trustDomain;
    this.pods = pods;
    this.nodes = nodes;
  }

  List<ServiceEndpoint> endpoints(String namespace, ServicePort port, List<EndpointSlice> slices) {
    String portName = Objects.requireNonNullElse(port.getName(), "");
    Map<EndpointAddress, ServiceEndpoint> byAddress = new LinkedHashMap<>();
    for (EndpointSlice slice : slices) {
      if (!"IPv4".equals(slice.getAddressType()) && !"IPv6".equals(slice.getAddressType())) {
        continue; // FQDN slices name hosts, not addresses a proxy can dial
      }
      Integer number = portNumber(slice, portName);
      if (number == null || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        ServiceEndpoint translated = endpoint(namespace, endpoint, number);
        if (translated == null) {
          continue;
        }
        // While a pod moves between slices it may be listed twice; the ready copy wins.
        ServiceEndpoint known = byAddress.get(translated.address());
        if (known == null || (!known.ready() && translated.ready())) {
          byAddress.put(translated.address(), translated);
        }
      }
    }
    return new ArrayList<>(byAddress.values());
  }

  private ServiceEndpoint endpoint(String namespace, Endpoint endpoint, int port) {
    if (endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty()) {
      return null;
    }
    EndpointConditions conditions = endpoint.getConditions();
    boolean ready = conditions == null || conditions.getReady() == null || conditions.getReady();
    boolean serving =
        conditions == null || conditions.getServing() == null ? ready : conditions.getServing();
    boolean terminating =
        conditions != null && conditions.getTerminating() != null && conditions.getTerminating();
    if (!serving) {
      return null;
    }
    EndpointAddress address;
    try {
      // Consumers use the first address: the others are the same endpoint (KEP-752).
      address = new EndpointAddress(endpoint.getAddresses().getFirst(), port);
    } catch (IllegalArgumentException e) {
      return null;
    }
    Pod pod = pod(namespace, endpoint.getTargetRef());
    String zone = endpoint.getZone();
    if ((zone == null || zone.isEmpty()) && endpoint.getNodeName() != null) {
      Node node = nodes.apply(endpoint.getNodeName());
      if (node != null && node.getMetadata().getLabels() != null) {
        zone = node.getMetadata().getLabels().get(ZONE_LABEL);
      }
    }
    zone = Objects.requireNonNullElse(zone, "");
    String identity = "";
    ProtocolHint hint = ProtocolHint.PROTOCOL_HINT_UNKNOWN;
    Map<String, String> labels = new LinkedHashMap<>();
    if (pod != null) {
      labels.put("pod", pod.getMetadata().getName());
      labels.putAll(workload(pod));
      if (meshed(pod)) {
        identity = identity(pod, namespace);
        hint = ProtocolHint.PROTOCOL_HINT_H2;
      }
    }
    if (!zone.isEmpty()) {
      labels.put("zone", zone);
    }
    return new ServiceEndpoint(address, 0, identity, hint, zone, labels, ready && !terminating);
  }

  private String identity(Pod pod, String namespace) {
    String account = pod.getSpec() == null ? null : pod.getSpec().getServiceAccountName();
    try {
      return new IdentityName(
              account == null || account.isEmpty() ? "default" : account, namespace, trustDomain)
          .name();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private Pod pod(String namespace, ObjectReference ref) {
    if (ref == null || !"Pod".equals(ref.getKind()) || ref.getName() == null) {
      return null;
    }
    String podNamespace = ref.getNamespace() == null ? namespace : ref.getNamespace();
    return pods.apply(podNamespace + "/" + ref.getName());
  }

  private static boolean meshed(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(PROXY_ANNOTATION);
  }

  /** {@code deployment} (through its ReplicaSet) or {@code statefulset}, from owner references. */
  private static Map<String, String> workload(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Map.of();
    }
    for (OwnerReference owner : owners) {
      if ("StatefulSet".equals(owner.getKind())) {
        return Map.of("statefulset", owner.getName());
      }
      if ("ReplicaSet".equals(owner.getKind())) {
        // A Deployment's ReplicaSet is named DEPLOYMENT-HASH, the hash being the pod's label.
        Map<String, String> labels = pod.getMetadata().getLabels();
        String hash = labels == null ? null : labels.get("pod-template-hash");
        if (hash != null && owner.getName().endsWith("-" + hash)) {
          return Map.of(
              "deployment",
              owner.getName().substring(0, owner.getName().length() - hash.length() - 1));
        }
      }
    }
    return Map.of();
  }

  private static Integer portNumber(EndpointSlice slice, String portName) {
    if (slice.getPorts() == null) {
      return null;
    }
    for (EndpointPort port : slice.getPorts()) {
      if (portName.equals(Objects.requireNonNullElse(port.getName(), ""))) {
        return port.getPort();
      }
    }
    return null;
  }
}
