package dev.weft.controlplane.inject;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Objects;

/**
 * Namespaces from an informer's cache, with a GET when the cache does not know the name yet.
 *
 * <p>An informer rather than a GET per admission: the webhook answers within the API server's
 * timeout (10 s) for every pod created in the cluster, and namespaces are few and rarely change, so
 * the cache costs little and keeps the API server out of the admission path. The GET covers the one
 * race the cache has: a namespace created an instant before its first pod. The cost is RBAC for
 * {@code get}, {@code list} and {@code watch} on namespaces.
 */
final class KubernetesNamespaces implements NamespaceMetadata, AutoCloseable {
  private final KubernetesClient client;
  private final SharedIndexInformer<io.fabric8.kubernetes.api.model.Namespace> informer;

  private KubernetesNamespaces(KubernetesClient client) {
    this.client = client;
    this.informer = client.namespaces().runnableInformer(0);
    // Not waited on: until the first list arrives, lookups fall through to a GET.
    informer.start();
  }

  static KubernetesNamespaces start(KubernetesClient client) {
    return new KubernetesNamespaces(client);
  }

  @Override
  public Namespace get(String name) {
    io.fabric8.kubernetes.api.model.Namespace cached = informer.getStore().getByKey(name);
    if (cached != null) {
      return of(cached.getMetadata());
    }
    try {
      io.fabric8.kubernetes.api.model.Namespace fetched = client.namespaces().withName(name).get();
      return fetched == null ? Namespace.EMPTY : of(fetched.getMetadata());
    } catch (KubernetesClientException e) {
      throw new NamespaceLookupException(
          "cannot read namespace " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    informer.close();
  }

  private static Namespace of(ObjectMeta metadata) {
    return new Namespace(
        Objects.requireNonNullElse(metadata.getAnnotations(), Map.of()),
        Objects.requireNonNullElse(metadata.getLabels(), Map.of()));
  }
}
