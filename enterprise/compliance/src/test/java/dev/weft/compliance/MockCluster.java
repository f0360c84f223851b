package dev.weft.compliance;

import dev.weft.testkit.Kubeconfig;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/** fabric8's mock API server in CRUD mode on 127.0.0.1, a kubeconfig naming it, and Secrets. */
public final class MockCluster implements AutoCloseable {
  public final KubernetesMockServer server;
  public final KubernetesClient client;
  public final Path kubeconfig;

  private MockCluster(KubernetesMockServer server, Path kubeconfig) {
    this.server = server;
    this.client = server.createClient();
    this.kubeconfig = kubeconfig;
  }

  public static MockCluster start(Path dir) throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    return new MockCluster(
        server, Kubeconfig.write(dir, server.createClient().getMasterUrl().toString()));
  }

  /** Secret {@code namespace/name} with {@code entries} (base64-encoded under data). */
  public void secret(String namespace, String name, Map<String, String> entries) {
    SecretBuilder secret =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
    entries.forEach((k, v) ->
        secret.addToData(
            k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(namespace).resource(secret.build()).create();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
