package dev.weft.controlplane.discovery.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;

/** The Kubernetes objects discovery reads, built the way the API server would hold them. */
final class ClusterObjects {
  private ClusterObjects() {}

  /** Service demo/NAME with ports http=80 and admin=9000. */
  static Service service(String name) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("demo")
        .endMetadata()
        .withNewSpec()
        .addNewPort()
        .withName("http")
        .withPort(80)
        .endPort()
        .addNewPort()
        .withName("admin")
        .withPort(9000)
        .endPort()
        .endSpec()
        .build();
  }

  /** A slice of Service demo/SERVICE: http on 8080, admin on 9090. */
  static EndpointSlice slice(String name, String service, Endpoint... endpoints) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("demo")
        .addToLabels("kubernetes.io/service-name", service)
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("http")
        .withPort(8080)
        .endPort()
        .addNewPort()
        .withName("admin")
        .withPort(9090)
        .endPort()
        .withEndpoints(List.of(endpoints))
        .build();
  }

  /** An endpoint for POD on NODE; ZONE may be null (then the node's zone applies). */
  static Endpoint endpoint(
      String ip,
      String pod,
      String node,
      String zone,
      boolean ready,
      boolean serving,
      boolean terminating) {
    return new EndpointBuilder()
        .withAddresses(ip)
        .withNodeName(node)
        .withZone(zone)
        .withNewTargetRef()
        .withKind("Pod")
        .withName(pod)
        .withNamespace("demo")
        .endTargetRef()
        .withNewConditions()
        .withReady(ready)
        .withServing(serving)
        .withTerminating(terminating)
        .endConditions()
        .build();
  }

  static Endpoint ready(String ip, String pod, String node) {
    return endpoint(ip, pod, node, null, true, true, false);
  }

  /** Pod demo/NAME of Deployment books (ReplicaSet books-5d8f), meshed or not. */
  static Pod pod(String name, boolean meshed) {
    PodBuilder builder =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("demo")
            .addToLabels("pod-template-hash", "5d8f")
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName("books-5d8f")
            .withUid("uid-" + name)
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName("books")
            .addNewContainer()
            .withName("app")
            .withImage("books")
            .endContainer()
            .endSpec();
    if (meshed) {
      builder.editMetadata().addToAnnotations("weft.dev/proxy-version", "0.1.0").endMetadata();
    }
    return builder.build();
  }

  static Node node(String name, String zone) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("topology.kubernetes.io/zone", zone)
        .endMetadata()
        .build();
  }
}
