package dev.weft.cli.check;

import dev.weft.cli.kube.ProxyConfig;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The injector's configuration (proxy.json) and the meshed pods: every pod carrying {@code
 * weft.dev/proxy-version} should run the version proxy.json names, and its proxy should be ready.
 */
final class DataPlaneChecks {
  static final String VERSION_ANNOTATION = "weft.dev/proxy-version";

  private DataPlaneChecks() {}

  static CheckGroup run(KubernetesClient client, String ns) {
    CheckGroup group = new CheckGroup("data-plane");
    ProxyConfig config;
    String what = "ConfigMap " + ProxyConfig.CONFIG_MAP + " has a parseable " + ProxyConfig.KEY;
    try {
      config = ProxyConfig.read(client, ns);
      group.pass(what);
    } catch (IllegalStateException e) {
      group.fail(what, e.getMessage() + ": reinstall weft (weft install) to rewrite it");
      return group;
    }
    List<Pod> meshed =
        client.pods().inAnyNamespace().list().getItems().stream()
            .filter(p -> p.getMetadata().getAnnotations() != null)
            .filter(p -> p.getMetadata().getAnnotations().containsKey(VERSION_ANNOTATION))
            .filter(p -> !"Succeeded".equals(phase(p)) && !"Failed".equals(phase(p)))
            .toList();
    versions(group, client, config.version(), meshed);
    readiness(group, client, meshed);
    return group;
  }

  private static void versions(
      CheckGroup group, KubernetesClient client, String version, List<Pod> meshed) {
    String what = "meshed pods run proxy " + version + " (" + meshed.size() + " pods)";
    // namespace -> owner -> "pod: version"
    Map<String, Map<String, List<String>>> old = new TreeMap<>();
    for (Pod p : meshed) {
      String running = p.getMetadata().getAnnotations().get(VERSION_ANNOTATION);
      if (!version.equals(running)) {
        old.computeIfAbsent(p.getMetadata().getNamespace(), n -> new TreeMap<>())
            .computeIfAbsent(Owners.of(client, p), o -> new ArrayList<>())
            .add(p.getMetadata().getName() + ": " + running);
      }
    }
    if (old.isEmpty()) {
      group.pass(what);
      return;
    }
    List<String> pods = new ArrayList<>();
    List<String> restarts = new ArrayList<>();
    old.forEach((ns, owners) ->
        owners.forEach((owner, list) -> {
          pods.add(ns + " " + owner + " (" + String.join(", ", list) + ")");
          restarts.add(Owners.restart(ns, owner));
        }));
    group.fail(
        what,
        "pods on another proxy version: "
            + String.join("; ", pods)
            + "; restart them to get proxy "
            + version
            + ": "
            + String.join("; ", restarts));
  }

  private static void readiness(CheckGroup group, KubernetesClient client, List<Pod> meshed) {
    String what = "meshed pods' proxies are ready";
    List<String> notReady = new ArrayList<>();
    for (Pod p : meshed) {
      if (!proxyReady(p)) {
        notReady.add(
            p.getMetadata().getNamespace()
                + "/"
                + p.getMetadata().getName()
                + " ("
                + Owners.of(client, p)
                + ")");
      }
    }
    if (notReady.isEmpty()) {
      group.pass(what);
    } else {
      Pod first = meshed.stream().filter(p -> !proxyReady(p)).findFirst().orElseThrow();
      group.fail(
          what,
          "proxy not ready in "
              + String.join(", ", notReady)
              + "; see why: kubectl logs -n "
              + first.getMetadata().getNamespace()
              + " "
              + first.getMetadata().getName()
              + " -c weft-proxy");
    }
  }

  private static boolean proxyReady(Pod p) {
    if (p.getStatus() == null) {
      return false;
    }
    return Stream.concat(
            p.getStatus().getContainerStatuses().stream(),
            p.getStatus().getInitContainerStatuses().stream())
        .filter(s -> "weft-proxy".equals(s.getName()))
        .map(ContainerStatus::getReady)
        .anyMatch(Boolean.TRUE::equals);
  }

  private static String phase(Pod p) {
    return p.getStatus() == null ? null : p.getStatus().getPhase();
  }
}
