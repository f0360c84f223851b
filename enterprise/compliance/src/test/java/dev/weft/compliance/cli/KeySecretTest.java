package dev.weft.compliance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.compliance.MockCluster;
import dev.weft.compliance.SigningKey;
import dev.weft.testkit.Kubeconfig;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** attest --key-secret NS/NAME against fabric8's mock API server (CRUD mode) on 127.0.0.1. */
class KeySecretTest {
  private final Map<String, String> licensed = new TestLicenses().env(Set.of("compliance"));
  private final SigningKey key = SigningKey.generate();
  @TempDir Path dir;
  private MockCluster cluster;
  private KubernetesClient client;
  private Path sbom;

  @BeforeEach
  void start() throws Exception {
    cluster = MockCluster.start(dir);
    client = cluster.client;
    client
        .secrets()
        .inNamespace("weft")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("weft-compliance-signing")
                .withNamespace("weft")
                .endMetadata()
                .addToData(
                    "key.pem",
                    Base64.getEncoder()
                        .encodeToString(key.privatePem().getBytes(StandardCharsets.US_ASCII)))
                .build())
        .create();
    sbom = Files.writeString(dir.resolve("bom.json"), "{\"bomFormat\":\"CycloneDX\"}");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Compliance attest(String ref, Path kubeconfig) {
    return Compliance.run(
        licensed,
        Compliance.IN_TERM,
        "attest",
        "--subject",
        sbom.toString(),
        "--key-secret",
        ref,
        "--kubeconfig",
        kubeconfig.toString(),
        "-o",
        dir.resolve("bom.sigstore.json").toString());
  }

  @Test
  void signsWithTheKeyOfTheSecretAndTheBundleVerifies() throws Exception {
    Compliance a =
        attest(
            "weft/weft-compliance-signing",
            Kubeconfig.write(dir, client.getMasterUrl().toString()));
    assertEquals(0, a.code(), a.toString());
    assertTrue(a.err().contains("with key " + key.keyId()), a.err());
    Path pub = Files.writeString(dir.resolve("pub.pem"), key.publicPem());
    Compliance v =
        Compliance.run(
            Map.of(),
            Compliance.IN_TERM,
            "verify",
            dir.resolve("bom.sigstore.json").toString(),
            "--key",
            pub.toString(),
            "--subject",
            sbom.toString());
    assertEquals(0, v.code(), v.toString());
  }

  @Test
  void aMissingSecretABadReferenceAndAnUnreachableApiHaveTheirExitCodes() throws Exception {
    Path config = Kubeconfig.write(dir, client.getMasterUrl().toString());
    Compliance missing = attest("weft/nope", config);
    assertEquals(1, missing.code(), missing.toString());
    assertTrue(missing.err().contains("no Secret weft/nope (key key.pem)"), missing.err());
    assertEquals(2, attest("nope", config).code());
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    Compliance down =
        attest(
            "weft/weft-compliance-signing", Kubeconfig.write(dir, "https://127.0.0.1:" + closed));
    assertEquals(3, down.code(), down.toString());
    assertTrue(down.err().startsWith("weft: cannot reach the Kubernetes API"), down.err());
  }

  @Test
  void keyAndKeySecretTogetherIsAUsageError() throws Exception {
    Compliance both =
        Compliance.run(
            licensed,
            Compliance.IN_TERM,
            "attest",
            "--subject",
            sbom.toString(),
            "--key",
            "k.pem",
            "--key-secret",
            "a/b");
    assertEquals(2, both.code(), both.toString());
    assertTrue(both.err().contains("mutually exclusive"), both.err());
  }
}
