package dev.weft.controlplane.identity.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Copies the trust-anchors ConfigMap's {@code ca-bundle.crt} into a ConfigMap of the same name in
 * every other namespace, and keeps the copies equal to it.
 *
 * <p>Injected proxies mount the bundle as a ConfigMap volume, and a volume reads the pod's own
 * namespace: without a copy there, a meshed pod would never start. Copies carry the label {@link
 * #MANAGED_BY}; a ConfigMap of that name without it belongs to someone else and is left alone
 * (logged). The system namespaces, where nothing is injected, get none.
 */
public final class TrustAnchorsMirror implements AutoCloseable {
  /** {@code app.kubernetes.io/managed-by} value of the copies. */
  public static final String MANAGED_BY = "weft-control-plane";

  private static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  private static final Set<String> SKIPPED =
      Set.of("kube-system", "kube-public", "kube-node-lease");
  private static final Logger LOG = Logger.getLogger(TrustAnchorsMirror.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final SharedIndexInformer<ConfigMap> source;
  private final SharedIndexInformer<Namespace> namespaces;
  private String bundle;

  private TrustAnchorsMirror(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    // Namespaces first: the first bundle is copied to those already listed.
    this.namespaces =
        client
            .namespaces()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Namespace ns) {
                    copyTo(ns.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(Namespace old, Namespace ns) {}

                  @Override
                  public void onDelete(Namespace ns, boolean finalStateUnknown) {}
                },
                0);
    this.source =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(name)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap map) {
                    bundleChanged(map);
                  }

                  @Override
                  public void onUpdate(ConfigMap old, ConfigMap map) {
                    bundleChanged(map);
                  }

                  @Override
                  public void onDelete(ConfigMap map, boolean finalStateUnknown) {
                    // Copies keep the last bundle: proxies must go on trusting their peers.
                  }
                },
                0);
  }

  /** Starts copying ConfigMap {@code namespace/name}. */
  public static TrustAnchorsMirror start(KubernetesClient client, String namespace, String name) {
    return new TrustAnchorsMirror(
        requireNonNull(client, "client"),
        requireNonNull(namespace, "namespace"),
        requireNonNull(name, "name"));
  }

  private synchronized void bundleChanged(ConfigMap map) {
    String text = map.getData() == null ? null : map.getData().get(KubernetesCa.BUNDLE_KEY);
    if (text == null || text.equals(bundle)) {
      return; // an empty bundle is reported by KubernetesCa; copies keep the last good one
    }
    bundle = text;
    for (Namespace ns : namespaces.getStore().list()) {
      copyTo(ns.getMetadata().getName());
    }
  }

  private synchronized void copyTo(String target) {
    if (bundle == null || target.equals(namespace) || SKIPPED.contains(target)) {
      return;
    }
    try {
      ConfigMap existing = client.configMaps().inNamespace(target).withName(name).get();
      if (existing == null) {
        client.configMaps().inNamespace(target).resource(copy(target)).create();
        LOG.infof("Copied the trust anchors to ConfigMap %s/%s", target, name);
      } else if (!MANAGED_BY.equals(labels(existing).get(MANAGED_BY_LABEL))) {
        LOG.warnf(
            "ConfigMap %s/%s exists and is not managed by %s: left alone; proxies in %s trust"
                + " what it holds",
            target, name, MANAGED_BY, target);
      } else if (!Objects.equals(bundle, dataOf(existing))) {
        client
            .configMaps()
            .inNamespace(target)
            .withName(name)
            .edit(map ->
                new ConfigMapBuilder(map).addToData(KubernetesCa.BUNDLE_KEY, bundle).build());
        LOG.infof("Updated the trust anchors in ConfigMap %s/%s", target, name);
      }
    } catch (KubernetesClientException e) {
      // The next change of the bundle or a restart tries again; pods there cannot start meanwhile.
      LOG.errorf(
          "Cannot copy the trust anchors to ConfigMap %s/%s (RBAC: get, create, patch on"
              + " configmaps): %s",
          target, name, e.getMessage());
    }
  }

  private ConfigMap copy(String target) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(target)
        .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
        .addToLabels("app.kubernetes.io/part-of", "weft")
        .addToAnnotations("weft.dev/copied-from", namespace + "/" + name)
        .endMetadata()
        .addToData(KubernetesCa.BUNDLE_KEY, bundle)
        .build();
  }

  private static Map<String, String> labels(ConfigMap map) {
    return Objects.requireNonNullElse(map.getMetadata().getLabels(), Map.of());
  }

  private static String dataOf(ConfigMap map) {
    return map.getData() == null ? null : map.getData().get(KubernetesCa.BUNDLE_KEY);
  }

  @Override
  public void close() {
    namespaces.close();
    source.close();
  }
}
