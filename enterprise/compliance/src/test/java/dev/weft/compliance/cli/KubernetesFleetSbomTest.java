package dev.weft.compliance.cli;

import static dev.weft.compliance.cli.FleetSbomTest.named;
import static dev.weft.compliance.cli.FleetSbomTest.validBom;
import static dev.weft.compliance.cli.FleetSbomTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.compliance.MockCluster;
import dev.weft.testkit.Kubeconfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft compliance sbom --kubernetes against fabric8's mock API server (CRUD) on 127.0.0.1. */
class KubernetesFleetSbomTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  private static final String D3 = "sha256:" + "3".repeat(64);

  private final Map<String, String> licensed = new TestLicenses().env(Set.of("compliance"));
  @TempDir Path dir;
  private MockCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() throws Exception {
    cluster = MockCluster.start(dir);
    client = cluster.client;
    create(proxy("books-7d9f-abcde", "books-7d9f", "0.1.0", "ghcr.io/weft/proxy:0.1.0", D1));
    create(proxy("authors-5c4b-fghij", "authors-5c4b", "0.2.0", "ghcr.io/weft/proxy:0.2.0", D2));
    create(
        new PodBuilder()
            .withNewMetadata()
            .withName("plain")
            .withNamespace("demo")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("nginx:1")
            .endContainer()
            .endSpec()
            .build());
    create(
        new PodBuilder()
            .withNewMetadata()
            .withName("weft-control-plane-6f7-klmno")
            .withNamespace("weft")
            .addToLabels("app.kubernetes.io/name", "weft-control-plane")
            .addToLabels("app.kubernetes.io/version", "0.1.0")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("control-plane")
            .withImage("ghcr.io/weft/control-plane:0.1.0")
            .endContainer()
            .endSpec()
            .withNewStatus()
            .addNewContainerStatus()
            .withName("control-plane")
            .withImageID("ghcr.io/weft/control-plane@" + D3)
            .endContainerStatus()
            .endStatus()
            .build());
  }

  private static Pod proxy(String name, String replicaSet, String version, String image, String d) {
    String hash = replicaSet.substring(replicaSet.indexOf('-') + 1);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("demo")
        .addToAnnotations("weft.dev/proxy-version", version)
        .addToLabels("pod-template-hash", hash)
        .addToLabels("topology.kubernetes.io/zone", "zone-a")
        .addNewOwnerReference()
        .withKind("ReplicaSet")
        .withName(replicaSet)
        .withController(true)
        .withApiVersion("apps/v1")
        .withUid("u-" + name)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("example/app:1")
        .endContainer()
        .addNewContainer()
        .withName("weft-proxy")
        .withImage(image)
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .addNewContainerStatus()
        .withName("app")
        .withImageID("docker.io/example/app@sha256:" + "9".repeat(64))
        .endContainerStatus()
        .addNewContainerStatus()
        .withName("weft-proxy")
        .withImageID("docker-pullable://ghcr.io/weft/proxy@" + d)
        .endContainerStatus()
        .endStatus()
        .build();
  }

  private void create(Pod pod) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void theProxiesAndTheControlPlaneWithTheirVersionsAndImageDigests() throws Exception {
    Compliance r =
        Compliance.run(
            licensed,
            Compliance.IN_TERM,
            "sbom",
            "--kubernetes",
            "--kubeconfig",
            Kubeconfig.write(dir, client.getMasterUrl().toString()).toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.err().contains("3 components, 3 instances, 0 libraries"), r.err());
    Bom bom = validBom(r.out().getBytes(StandardCharsets.UTF_8));
    assertEquals(
        Set.of("weft-proxy@0.1.0", "weft-proxy@0.2.0", "weft-control-plane@0.1.0"),
        bom.getComponents().stream()
            .map(c -> c.getName() + "@" + c.getVersion())
            .collect(Collectors.toSet()));
    Component books = named(bom, "weft-proxy", "0.1.0");
    assertEquals("1".repeat(64), books.getHashes().getFirst().getValue());
    assertEquals(List.of("books-7d9f-abcde"), values(books, "weft:instance"));
    assertEquals(List.of("demo/deployment/books"), values(books, "weft:workload"));
    assertEquals(List.of("zone-a"), values(books, "weft:zone"));
    assertEquals(List.of("oci-image"), values(books, "weft:digest-of"));
    assertEquals(List.of("ghcr.io/weft/proxy:0.1.0"), values(books, "weft:image"));
    assertEquals(List.of(D1), values(books, "weft:image-digest"));
    assertEquals(
        "pkg:oci/proxy@sha256%3A"
            + "1".repeat(64)
            + "?repository_url=ghcr.io%2Fweft%2Fproxy&tag=0.1.0",
        books.getExternalReferences().getFirst().getUrl());
    Component authors = named(bom, "weft-proxy", "0.2.0");
    assertEquals(List.of(D2), values(authors, "weft:image-digest"));
    Component cp = named(bom, "weft-control-plane", "0.1.0");
    assertEquals("3".repeat(64), cp.getHashes().getFirst().getValue());
    assertEquals(List.of("weft-control-plane-6f7-klmno"), values(cp, "weft:instance"));
  }

  @Test
  void noControlPlaneInTheNamespaceIsAWarningAndAnUnreachableApiExits3() throws Exception {
    Path config = Kubeconfig.write(dir, client.getMasterUrl().toString());
    Compliance other =
        Compliance.run(
            licensed,
            Compliance.IN_TERM,
            "sbom",
            "--kubernetes",
            "--kubeconfig",
            config.toString(),
            "-n",
            "elsewhere");
    assertEquals(0, other.code(), other.toString());
    assertTrue(other.err().contains("weft: warning: no control plane pod in namespace elsewhere"));
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    Compliance down =
        Compliance.run(
            licensed,
            Compliance.IN_TERM,
            "sbom",
            "--kubernetes",
            "--kubeconfig",
            Kubeconfig.write(dir, "https://127.0.0.1:" + closed).toString());
    assertEquals(3, down.code(), down.toString());
    assertTrue(
        down.err()
            .startsWith("weft: cannot reach the Kubernetes API at https://127.0.0.1:" + closed),
        down.err());
  }
}
