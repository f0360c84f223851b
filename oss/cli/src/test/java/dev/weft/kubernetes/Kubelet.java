package dev.weft.kubernetes;

import dev.weft.testkit.Await;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A pod's volumes laid out in a directory as the kubelet mounts them: each key of a ConfigMap or
 * Secret, read from the API server in the pod's own namespace, as a file; a projected
 * ServiceAccount token as the token the test gives for its audience; an emptyDir empty. A
 * container's absolute paths resolve through its volumeMounts to those files, so a path that no
 * mount covers, or a key the object lacks, fails as the pod would.
 */
final class Kubelet {
  /** How long a missing ConfigMap or Secret may take to appear (written by a controller). */
  private static final Duration MOUNT_RETRY = Duration.ofSeconds(30);

  private final Path root;
  private final String pod;

  /** Mounts every volume of {@code spec} under {@code root}; {@code tokens} maps a projection. */
  Kubelet(
      KubernetesClient client,
      String namespace,
      String pod,
      PodSpec spec,
      Path root,
      Function<ServiceAccountTokenProjection, String> tokens)
      throws Exception {
    this.root = root;
    this.pod = namespace + "/" + pod;
    for (Volume v : spec.getVolumes()) {
      Path dir = Files.createDirectories(root.resolve(v.getName()));
      if (v.getConfigMap() != null) {
        write(
            dir,
            configMap(client, namespace, v.getName(), v.getConfigMap().getName()),
            v.getConfigMap().getItems());
      } else if (v.getSecret() != null) {
        write(
            dir,
            secret(client, namespace, v.getName(), v.getSecret().getSecretName()),
            v.getSecret().getItems());
      } else if (v.getProjected() != null) {
        for (VolumeProjection source : v.getProjected().getSources()) {
          if (source.getServiceAccountToken() != null) {
            ServiceAccountTokenProjection token = source.getServiceAccountToken();
            Files.writeString(dir.resolve(token.getPath()), tokens.apply(token));
          } else if (source.getConfigMap() != null) {
            write(
                dir,
                configMap(client, namespace, v.getName(), source.getConfigMap().getName()),
                source.getConfigMap().getItems());
          } else {
            throw new AssertionError(
                this.pod + ": volume " + v.getName() + ": unsupported projection " + source);
          }
        }
      } else if (v.getEmptyDir() == null) {
        throw new AssertionError(
            this.pod + ": volume " + v.getName() + ": unsupported source " + v);
      }
    }
  }

  /**
   * The file {@code path} names in {@code container}: the longest volumeMount covering it, then the
   * rest of the path inside that volume. It must exist.
   */
  Path resolve(Container container, String path) {
    VolumeMount mount =
        container.getVolumeMounts().stream()
            .filter(m -> path.equals(m.getMountPath()) || path.startsWith(m.getMountPath() + "/"))
            .max(Comparator.comparingInt(m -> m.getMountPath().length()))
            .orElseThrow(() ->
                new AssertionError(
                    pod
                        + ": container "
                        + container.getName()
                        + " names "
                        + path
                        + ", which no volumeMount covers: "
                        + container.getVolumeMounts()));
    Path volume = root.resolve(mount.getName());
    if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
      volume = volume.resolve(mount.getSubPath());
    }
    Path file =
        volume.resolve(path.substring(mount.getMountPath().length()).replaceFirst("^/", ""));
    if (!Files.exists(file)) {
      throw new AssertionError(
          pod
              + ": container "
              + container.getName()
              + " names "
              + path
              + " in volume "
              + mount.getName()
              + ", which holds no such file: "
              + listing(volume));
    }
    return file;
  }

  private Map<String, String> configMap(
      KubernetesClient client, String ns, String volume, String name) throws Exception {
    ConfigMap map =
        retried(
            volume,
            "ConfigMap",
            ns,
            name,
            () -> client.configMaps().inNamespace(ns).withName(name).get());
    return map.getData() == null ? Map.of() : map.getData();
  }

  private Map<String, String> secret(KubernetesClient client, String ns, String volume, String name)
      throws Exception {
    Secret secret =
        retried(
            volume,
            "Secret",
            ns,
            name,
            () -> client.secrets().inNamespace(ns).withName(name).get());
    Map<String, String> decoded = new TreeMap<>();
    secret
        .getData()
        .forEach((k, v) ->
            decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return decoded;
  }

  /**
   * The object a volume names, once it exists: the kubelet retries a missing one (the pod waits in
   * ContainerCreating), so only one that stays missing fails.
   */
  private <T> T retried(String volume, String kind, String ns, String name, Supplier<T> get)
      throws Exception {
    AtomicReference<T> found = new AtomicReference<>();
    Await.until(
        MOUNT_RETRY,
        () -> {
          found.set(get.get());
          return found.get() != null;
        },
        () ->
            pod
                + ": volume "
                + volume
                + ": "
                + kind
                + " "
                + ns
                + "/"
                + name
                + " not found (a volume reads the pod's own namespace): the pod cannot start");
    return found.get();
  }

  private void write(Path dir, Map<String, String> data, List<KeyToPath> items) throws Exception {
    if (items == null || items.isEmpty()) {
      for (Map.Entry<String, String> e : data.entrySet()) {
        Files.writeString(dir.resolve(e.getKey()), e.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      if (!data.containsKey(item.getKey())) {
        throw new AssertionError(pod + ": key " + item.getKey() + " missing from " + data.keySet());
      }
      Path file = dir.resolve(item.getPath());
      Files.createDirectories(file.getParent());
      Files.writeString(file, data.get(item.getKey()));
    }
  }

  private static String listing(Path dir) {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
    } catch (Exception e) {
      return "(" + e + ")";
    }
  }
}
