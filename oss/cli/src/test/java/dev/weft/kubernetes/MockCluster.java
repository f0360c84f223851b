package dev.weft.kubernetes;

import dev.weft.testkit.Kubeconfig;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1 (plain HTTP), a client of it, and the objects
 * the test creates in namespace {@code demo}: what {@code kubectl apply} would do against a real
 * cluster.
 */
final class MockCluster implements AutoCloseable {
  static final String NAMESPACE = "demo";

  private final KubernetesMockServer server;
  final KubernetesClient client;

  private MockCluster(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /**
   * CRUD mode, plus the expectations a test adds (TokenReviews, which CRUD cannot evaluate):
   * consulted first, as in {@code @EnableKubernetesMockClient(crud = true)}.
   */
  static MockCluster start() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    return new MockCluster(server);
  }

  /** A kubeconfig naming this server, for the control plane's fabric8 client. */
  Path writeKubeconfig(Path dir) throws Exception {
    return Kubeconfig.write(dir, client.getConfiguration().getMasterUrl(), "weft");
  }

  /** The issuer Secret and trust-anchors ConfigMap the control plane loads in namespace weft. */
  void createIdentity(TestIssuer ca) throws Exception {
    client.namespaces().resource(namespace("weft")).create();
    client
        .secrets()
        .inNamespace("weft")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("weft-identity-issuer")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", base64(ca.chainPem()))
                .addToData("tls.key", base64(ca.keyPem()))
                .build())
        .create();
    client
        .configMaps()
        .inNamespace("weft")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("weft-identity-trust-anchors")
                .endMetadata()
                .addToData("ca-bundle.crt", ca.bundlePem())
                .build())
        .create();
  }

  void createNamespace() {
    client.namespaces().resource(namespace(NAMESPACE)).create();
  }

  /** Namespace demo, meshed: {@code weft.dev/inject: enabled}, as {@code kubectl annotate} does. */
  void createMeshedNamespace() {
    io.fabric8.kubernetes.api.model.Namespace demo = namespace(NAMESPACE);
    demo.getMetadata().setAnnotations(Map.of("weft.dev/inject", "enabled"));
    demo.getMetadata().setLabels(Map.of("kubernetes.io/metadata.name", NAMESPACE));
    client.namespaces().resource(demo).create();
  }

  /** Stores {@code object} as {@code kubectl apply} of a new object would. */
  void apply(HasMetadata object) {
    client.resource(object).create();
  }

  KubernetesMockServer server() {
    return server;
  }

  /** Service demo/NAME: port 80 named http, to target port http. */
  void createService(String name) {
    client
        .services()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", name)
                .addNewPort()
                .withName("http")
                .withProtocol("TCP")
                .withPort(80)
                .withNewTargetPort("http")
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  /**
   * EndpointSlice demo/NAME of Service SERVICE with one ready endpoint, 127.0.0.1:PORT. A slice's
   * port is shared by all its endpoints, so replicas on different local ports get a slice each, as
   * pods whose container ports differ would.
   */
  void createSlice(String name, String service, int port) {
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace(NAMESPACE)
        .resource(slice(name, service, port))
        .create();
  }

  void deleteSlice(String name) {
    client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName(name).delete();
  }

  /** A GAMMA HTTPRoute on Service demo/books port 80 splitting by the given weights. */
  void createSplit(String name, String service, String a, int aWeight, String b, int bWeight) {
    HTTPRoute route =
        new HTTPRouteBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .addNewParentRef()
            .withGroup("")
            .withKind("Service")
            .withName(service)
            .withPort(80)
            .endParentRef()
            .addNewRule()
            .addNewBackendRef()
            .withName(a)
            .withPort(80)
            .withWeight(aWeight)
            .endBackendRef()
            .addNewBackendRef()
            .withName(b)
            .withPort(80)
            .withWeight(bWeight)
            .endBackendRef()
            .endRule()
            .endSpec()
            .build();
    client.resources(HTTPRoute.class).inNamespace(NAMESPACE).resource(route).create();
  }

  private static EndpointSlice slice(String name, String service, int port) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .addToLabels("kubernetes.io/service-name", service)
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("http")
        .withProtocol("TCP")
        .withPort(port)
        .endPort()
        .addNewEndpoint()
        .withAddresses("127.0.0.1")
        .withNewConditions()
        .withReady(true)
        .withServing(true)
        .withTerminating(false)
        .endConditions()
        .endEndpoint()
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
