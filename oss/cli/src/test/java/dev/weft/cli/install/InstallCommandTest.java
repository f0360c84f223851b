package dev.weft.cli.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft install} prints what {@code helm template} gives for the same charts and values. */
class InstallCommandTest {
  @Test
  void printsWhatHelmTemplateRendersForTheSameValues(@TempDir Path dir) throws Exception {
    IdentityMaterial identity = IdentityMaterial.generate("cluster.local", Instant.now());
    Path anchors = Files.writeString(dir.resolve("ca.crt"), identity.trustAnchorsPem());
    Path issuer = Files.writeString(dir.resolve("issuer.crt"), identity.issuerCertificatePem());
    Path key = Files.writeString(dir.resolve("issuer.key"), identity.issuerKeyPem());
    // The webhook's certificate is generated at each rendering unless given: give it.
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            "injector:\n  tls:\n    existingSecret: mesh-injector-tls\n    caBundlePEM: |\n"
                + identity.trustAnchorsPem().indent(6)
                + "controlPlane:\n  replicas: 2\n");

    Run run =
        Run.weft(
            "install",
            "--namespace",
            "mesh",
            "--identity-trust-anchors-file",
            anchors.toString(),
            "--identity-issuer-certificate-file",
            issuer.toString(),
            "--identity-issuer-key-file",
            key.toString(),
            "-f",
            values.toString(),
            "--set",
            "proxy.logLevel=debug",
            "--set",
            "proxy.opaquePorts=25,3306");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err(), "no progress line when nothing is generated");

    String helm =
        Run.helmTemplate("weft", "weft", "mesh")
            .withValuesFile(values)
            .set("namespace.create", "true")
            .set("proxy.logLevel", "debug")
            .set("proxy.opaquePorts", "25,3306")
            .setFile("identity.trustAnchorsPEM", anchors)
            .setFile("identity.issuer.tls.crtPEM", issuer)
            .setFile("identity.issuer.tls.keyPEM", key)
            .call();
    List<HasMetadata> installed = Run.parse(run.out());
    assertEquals(Run.parse(helm), installed);

    assertEquals("mesh", installed.getFirst().getMetadata().getName());
    assertTrue(installed.getFirst() instanceof Namespace, "the namespace comes first");
    Deployment deployment =
        installed.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals(2, deployment.getSpec().getReplicas());
    assertTrue(
        installed.stream()
            .filter(ConfigMap.class::isInstance)
            .anyMatch(c ->
                ((ConfigMap) c)
                    .getData()
                    .getOrDefault("proxy.json", "")
                    .contains("\"opaquePorts\": \"25,3306\"")));
  }

  @Test
  void crdsStepPrintsTheCrdsChart() {
    Run run = Run.weft("install", "--crds", "--set", "gatewayAPI.install=true");
    assertEquals(0, run.exitCode(), run.err());
    List<HasMetadata> crds = Run.parse(run.out());
    assertEquals(
        Run.parse(
            Run.helmTemplate("weft-crds", "weft-crds", "weft")
                .set("gatewayAPI.install", "true")
                .call()),
        crds);
    assertTrue(
        crds.stream()
            .anyMatch(c ->
                c instanceof CustomResourceDefinition
                    && c.getMetadata().getName().equals("httproutes.gateway.networking.k8s.io")));
  }

  @Test
  void generatesAnAnchorAndAnIssuerItSigned() throws Exception {
    Run run = Run.weft("install");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("weft: generating an identity trust anchor"), run.err());
    List<HasMetadata> objects = Run.parse(run.out());
    X509Certificate anchor =
        certificate(
            objects.stream()
                .filter(o -> o.getMetadata().getName().equals("weft-identity-trust-anchors"))
                .map(o -> ((ConfigMap) o).getData().get("ca-bundle.crt"))
                .findFirst()
                .orElseThrow());
    X509Certificate issuer =
        certificate(
            objects.stream()
                .filter(o -> o.getMetadata().getName().equals("weft-identity-issuer"))
                .map(o ->
                    new String(
                        Base64.getDecoder().decode(((Secret) o).getData().get("tls.crt")),
                        StandardCharsets.US_ASCII))
                .findFirst()
                .orElseThrow());
    issuer.verify(anchor.getPublicKey());
    assertEquals(0, issuer.getBasicConstraints(), "the issuer signs leaves only");
    assertEquals("EC", issuer.getPublicKey().getAlgorithm());
    Duration issuerLife =
        Duration.between(issuer.getNotBefore().toInstant(), issuer.getNotAfter().toInstant());
    Duration anchorLife =
        Duration.between(anchor.getNotBefore().toInstant(), anchor.getNotAfter().toInstant());
    assertEquals(365, issuerLife.toDays());
    assertEquals(3650, anchorLife.toDays());
    assertFalse(anchor.equals(issuer));
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }
}
