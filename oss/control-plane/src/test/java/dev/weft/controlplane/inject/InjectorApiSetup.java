package dev.weft.controlplane.inject;

import dev.weft.controlplane.KubernetesApiSetup;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.util.function.Consumer;

/** The control plane's Secret and ConfigMap, plus namespace {@code meshed} with injection on. */
public final class InjectorApiSetup implements Consumer<KubernetesServer> {
  @Override
  public void accept(KubernetesServer server) {
    new KubernetesApiSetup().accept(server);
    server
        .getClient()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("meshed")
                .addToAnnotations("weft.dev/inject", "enabled")
                .endMetadata()
                .build())
        .create();
  }
}
