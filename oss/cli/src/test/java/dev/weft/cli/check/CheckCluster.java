package dev.weft.cli.check;

import dev.weft.testkit.Kubeconfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server (CRUD, plus expectations for what CRUD cannot answer) on 127.0.0.1, and
 * the objects a real install creates in namespace weft, healthy.
 */
final class CheckCluster implements AutoCloseable {
  static final String NS = "weft";

  final KubernetesMockServer server;
  final KubernetesClient client;
  final Path kubeconfig;

  private CheckCluster(KubernetesMockServer server, Path kubeconfig) {
    this.server = server;
    this.client = server.createClient();
    this.kubeconfig = kubeconfig;
  }

  static CheckCluster start(Path dir, String minor) throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    VersionInfo version = new VersionInfo.Builder().withMajor("1").withMinor(minor).build();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false,
            version);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    return new CheckCluster(
        server, Kubeconfig.write(dir, server.createClient().getMasterUrl().toString()));
  }

  /** What an install creates, with an issuer valid for {@code issuerValidity}. */
  void install(Duration issuerValidity) throws Exception {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("weft-control-plane")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .endSpec()
                .withNewStatus()
                .withReplicas(1)
                .withReadyReplicas(1)
                .withAvailableReplicas(1)
                .endStatus()
                .build())
        .create();
    client
        .services()
        .inNamespace(NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("weft-control-plane")
                .endMetadata()
                .withNewSpec()
                .addToSelector("app.kubernetes.io/name", "weft-control-plane")
                .addNewPort()
                .withName("webhook")
                .withPort(443)
                .withNewTargetPort(8443)
                .endPort()
                .endSpec()
                .build())
        .create();
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace(NS)
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("weft-control-plane-abcde")
                .addToLabels("kubernetes.io/service-name", "weft-control-plane")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses("10.0.0.5")
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .build())
        .create();

    TestPki webhookCa = TestPki.root("weft-proxy-injector-ca", Duration.ofDays(3650));
    TestPki serving = webhookCa.sign("weft-control-plane.weft.svc", false, Duration.ofDays(365));
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("weft-proxy-injector")
                .endMetadata()
                .addNewWebhook()
                .withName("inject.weft.dev")
                .withNewClientConfig()
                .withCaBundle(TestPki.base64(webhookCa.pem()))
                .withNewService()
                .withNamespace(NS)
                .withName("weft-control-plane")
                .withPort(443)
                .withPath("/inject")
                .endService()
                .endClientConfig()
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .endWebhook()
                .build())
        .create();
    secret("weft-proxy-injector-tls", serving.pem(), serving.keyPem());

    TestPki root = TestPki.root("root.identity.weft.cluster.local", Duration.ofDays(3650));
    TestPki issuer = root.sign("identity.weft.cluster.local", true, issuerValidity);
    secret("weft-identity-issuer", issuer.pem() + root.pem(), issuer.keyPem());
    configMap("weft-identity-trust-anchors", "ca-bundle.crt", root.pem());
    configMap("weft-config", "proxy.json", "{\"version\":\"0.2.0\",\"logLevel\":\"info\"}");

    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("demo").endMetadata().build())
        .create();
    client
        .apps()
        .replicaSets()
        .inNamespace("demo")
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName("books-7d4f")
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("books")
                .withUid("d1")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    meshedPod("books-7d4f-a", "0.2.0", true);
    meshedPod("books-7d4f-b", "0.2.0", true);
  }

  /** A pod of deployment demo/books as the injector leaves it, on the given proxy version. */
  void meshedPod(String name, String version, boolean ready) {
    client
        .pods()
        .inNamespace("demo")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations("weft.dev/proxy-version", version)
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName("books-7d4f")
                .withUid("r1")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewStatus()
                .withPhase("Running")
                .addNewInitContainerStatus()
                .withName("weft-proxy")
                .withReady(ready)
                .endInitContainerStatus()
                .addNewContainerStatus()
                .withName("books")
                .withReady(true)
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
  }

  void secret(String name, String crt, String key) {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", TestPki.base64(crt))
                .addToData("tls.key", TestPki.base64(key))
                .build())
        .createOr(r -> r.update());
  }

  void configMap(String name, String key, String value) {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToData(key, value)
                .build())
        .create();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
