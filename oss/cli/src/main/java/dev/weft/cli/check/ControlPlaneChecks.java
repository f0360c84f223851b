package dev.weft.cli.check;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The control plane's namespace, Deployment and Service. */
final class ControlPlaneChecks {
  static final String NAME = "weft-control-plane";

  private ControlPlaneChecks() {}

  static CheckGroup run(KubernetesClient client, String ns) {
    CheckGroup group = new CheckGroup("control-plane");
    if (client.namespaces().withName(ns).get() == null) {
      group.fatal(
          "control plane namespace " + ns + " exists",
          "install weft (weft install), or pass the namespace it is in with --namespace");
      return group;
    }
    group.pass("control plane namespace " + ns + " exists");
    String logs =
        "kubectl -n "
            + ns
            + " describe deployment "
            + NAME
            + "; kubectl -n "
            + ns
            + " logs deployment/"
            + NAME;
    Deployment d = client.apps().deployments().inNamespace(ns).withName(NAME).get();
    if (d == null) {
      group.fail(
          "control plane Deployment " + NAME + " exists",
          "reinstall weft (weft install): Deployment " + ns + "/" + NAME + " is missing");
    } else {
      group.pass("control plane Deployment " + NAME + " exists");
      int wanted =
          d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      int ready =
          d.getStatus() == null || d.getStatus().getReadyReplicas() == null
              ? 0
              : d.getStatus().getReadyReplicas();
      if (ready >= 1) {
        group.pass("control plane is available (" + ready + "/" + wanted + " ready)");
      } else {
        group.fail(
            "control plane is available (" + ready + "/" + wanted + " ready)",
            "no control plane pod is ready; see why: " + logs);
      }
    }
    String what = "control plane Service " + NAME + " has ready endpoints";
    if (client.services().inNamespace(ns).withName(NAME).get() == null) {
      group.fail(what, "Service " + ns + "/" + NAME + " is missing: reinstall weft (weft install)");
    } else if (readyEndpoints(client, ns) == 0) {
      group.fail(what, "no ready pod behind Service " + ns + "/" + NAME + "; see why: " + logs);
    } else {
      group.pass(what);
    }
    return group;
  }

  /** Ready endpoints of the Service, from its EndpointSlices, else its (legacy) Endpoints. */
  private static int readyEndpoints(KubernetesClient client, String ns) {
    List<EndpointSlice> slices =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(ns)
            .withLabel("kubernetes.io/service-name", NAME)
            .list()
            .getItems();
    int ready = 0;
    for (EndpointSlice slice : slices) {
      for (Endpoint e : slice.getEndpoints()) {
        // Per the API, a missing condition means ready.
        if (e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady())) {
          ready++;
        }
      }
    }
    if (!slices.isEmpty()) {
      return ready;
    }
    Endpoints endpoints = client.endpoints().inNamespace(ns).withName(NAME).get();
    if (endpoints != null && endpoints.getSubsets() != null) {
      for (EndpointSubset subset : endpoints.getSubsets()) {
        List<EndpointAddress> addresses = subset.getAddresses();
        ready += addresses == null ? 0 : addresses.size();
      }
    }
    return ready;
  }
}
