package dev.weft.cli.version;

import static dev.weft.cli.CliRun.weft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.cli.CliRun;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `weft version`: the client's, and the cluster's from proxy.json, never failing on the latter. */
class VersionCommandTest {
  @TempDir Path dir;

  @Test
  void clientOnly() {
    CliRun run = weft("version", "--client");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().matches("weft \\S+\\n"), run.out());
  }

  @Test
  void serverVersionFromProxyJson() throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    try (KubernetesClient client = server.createClient()) {
      Path config = kubeconfig(client.getMasterUrl().toString());
      CliRun missing = weft("version", "--kubeconfig", config.toString());
      assertEquals(0, missing.code(), missing.toString());
      assertTrue(
          missing.out().endsWith("server: unavailable (ConfigMap weft/weft-config not found)\n"),
          missing.out());

      client
          .configMaps()
          .inNamespace("weft")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("weft-config")
                  .endMetadata()
                  .addToData("proxy.json", "{\"version\": \"0.3.1\"}")
                  .build())
          .create();
      CliRun run = weft("version", "--kubeconfig", config.toString());
      assertEquals(0, run.code(), run.toString());
      assertTrue(run.out().matches("client: \\S+\\nserver: 0\\.3\\.1\\n"), run.out());
    } finally {
      server.destroy();
    }
  }

  @Test
  void anUnreachableClusterIsNotAFailure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRun run = weft("version", "--kubeconfig", kubeconfig("http://127.0.0.1:" + port).toString());
    assertEquals(0, run.code(), run.toString());
    assertTrue(
        run.out().contains("server: unavailable (cannot reach the Kubernetes API"), run.out());
  }

  private Path kubeconfig(String url) throws Exception {
    Path file = Files.createTempFile(dir, "kubeconfig", "");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: {server: "%s"}
        users:
        - name: u
          user: {token: t}
        contexts:
        - name: c
          context: {cluster: c, user: u}
        current-context: c
        """
            .formatted(url));
    return file;
  }
}
