package dev.weft.inject;

import static dev.weft.inject.Pods.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact patch for a pod, and the pod it makes: what the contract lists, in its order. */
class InjectedPodTest {
  static final String IDENTITY = "books.demo.serviceaccount.identity.weft.cluster.local";
  static final String INIT =
      """
      {'name': 'weft-init', 'image': 'ghcr.io/weft-dev/weft-proxy:0.1.0',
       'imagePullPolicy': 'IfNotPresent',
       'args': ['weft-init', '--inbound-port', '4143', '--outbound-port', '4140',
                '--proxy-uid', '2102', '--skip-inbound-ports', '4190,4191',
                '--skip-outbound-ports', ''],
       'securityContext': {'runAsUser': 0, 'runAsNonRoot': false,
         'allowPrivilegeEscalation': false, 'readOnlyRootFilesystem': true,
         'capabilities': {'add': ['NET_ADMIN', 'NET_RAW'], 'drop': ['ALL']}},
       'volumeMounts': [{'name': 'weft-init-xtables-lock', 'mountPath': '/run'}]}
      """;
  static final String PROXY =
      """
      {'name': 'weft-proxy', 'image': 'ghcr.io/weft-dev/weft-proxy:0.1.0',
       'imagePullPolicy': 'IfNotPresent', 'args': ['weft-proxy'],
       'env': [
         {'name': 'WEFT_PROXY_INBOUND_LISTEN', 'value': '0.0.0.0:4143'},
         {'name': 'WEFT_PROXY_OUTBOUND_LISTEN', 'value': '127.0.0.1:4140'},
         {'name': 'WEFT_PROXY_ADMIN', 'value': '0.0.0.0:4191'},
         {'name': 'WEFT_PROXY_LOG_LEVEL', 'value': 'info'},
         {'name': 'WEFT_PROXY_DETECT_TIMEOUT', 'value': '10s'},
         {'name': 'WEFT_PROXY_OPAQUE_PORTS', 'value': '25,587,3306,4444,5432,6379,9300,11211'},
         {'name': 'WEFT_PROXY_IDENTITY_NAME', 'value': '%s'},
         {'name': 'WEFT_PROXY_IDENTITY_TOKEN_FILE', 'value': '/var/run/secrets/weft/identity/token'},
         {'name': 'WEFT_PROXY_IDENTITY_TRUST_ANCHORS', 'value': '/var/run/weft/trust/ca-bundle.crt'},
         {'name': 'WEFT_PROXY_IDENTITY_ADDR', 'value': 'weft-control-plane.weft.svc.cluster.local:8090'},
         {'name': 'WEFT_PROXY_DESTINATION_ADDR', 'value': 'weft-control-plane.weft.svc.cluster.local:8090'},
         {'name': 'WEFT_PROXY_CONTROL_PLANE_IDENTITY',
          'value': 'weft-control-plane.weft.serviceaccount.identity.weft.cluster.local'},
         {'name': 'WEFT_PROXY_INSTANCE', 'valueFrom': {'fieldRef': {'apiVersion': 'v1',
          'fieldPath': 'metadata.name'}}},
         {'name': 'WEFT_PROXY_ZONE', 'valueFrom': {'fieldRef': {'apiVersion': 'v1',
          'fieldPath': "metadata.labels['topology.kubernetes.io/zone']"}}}],
       'ports': [{'name': 'weft-inbound', 'containerPort': 4143},
                 {'name': 'weft-admin', 'containerPort': 4191}],
       'startupProbe': {'httpGet': {'path': '/ready', 'port': 4191}, 'periodSeconds': 1,
                        'failureThreshold': 120},
       'readinessProbe': {'httpGet': {'path': '/ready', 'port': 4191}},
       'livenessProbe': {'httpGet': {'path': '/live', 'port': 4191}},
       'resources': {'requests': {'cpu': '100m', 'memory': '64Mi'}, 'limits': {'memory': '128Mi'}},
       'securityContext': {'runAsUser': 2102, 'runAsNonRoot': true,
         'allowPrivilegeEscalation': false, 'readOnlyRootFilesystem': true,
         'capabilities': {'drop': ['ALL']}},
       'volumeMounts': [
         {'name': 'weft-identity-token', 'mountPath': '/var/run/secrets/weft/identity', 'readOnly': true},
         {'name': 'weft-trust-anchors', 'mountPath': '/var/run/weft/trust', 'readOnly': true}],
       'restartPolicy': 'Always'}
      """;
  static final String TOKEN_VOLUME =
      """
      {'name': 'weft-identity-token', 'projected': {'sources': [{'serviceAccountToken':
        {'path': 'token', 'audience': 'identity.weft.dev', 'expirationSeconds': 86400}}]}}
      """;
  static final String TRUST_VOLUME =
      "{'name': 'weft-trust-anchors', 'configMap': {'name': 'weft-identity-trust-anchors'}}";
  static final String XTABLES_VOLUME = "{'name': 'weft-init-xtables-lock', 'emptyDir': {}}";

  @Test
  void theNativePatchIsExactlyTheContractsOps() {
    ObjectNode pod = Pods.pod("'weft.dev/inject': 'enabled'", "'serviceAccountName': 'books'");
    JsonNode expected =
        json(
            "["
                + op("/metadata/annotations/weft.dev~1proxy-version", "'0.1.0'")
                + ","
                + op("/metadata/annotations/weft.dev~1identity", "'" + IDENTITY + "'")
                + ","
                + op("/spec/initContainers", "[]")
                + ","
                + op("/spec/initContainers/0", INIT)
                + ","
                + op("/spec/initContainers/1", PROXY.formatted(IDENTITY))
                + ","
                + op("/spec/volumes", "[]")
                + ","
                + op("/spec/volumes/-", TOKEN_VOLUME)
                + ","
                + op("/spec/volumes/-", TRUST_VOLUME)
                + ","
                + op("/spec/volumes/-", XTABLES_VOLUME)
                + "]");
    assertEquals(expected, Pods.decide(pod).patchJson());
  }

  @Test
  void applyingThePatchGivesTheInjectedPod() {
    ObjectNode pod =
        (ObjectNode)
            json(
                """
                {'metadata': {'name': 'books-7c9f-x'},
                 'spec': {'initContainers': [{'name': 'migrate', 'image': 'm:1'}],
                          'containers': [{'name': 'books', 'image': 'books:1'}],
                          'volumes': [{'name': 'data', 'emptyDir': {}}]}}
                """);
    Decision d = Pods.INJECTOR.force(pod, "demo");
    assertEquals(
        List.of("/metadata/annotations", "/metadata/annotations/weft.dev~1proxy-version"),
        paths(d).subList(0, 2),
        "the missing annotations map is added first; existing arrays are not replaced");
    assertFalse(paths(d).contains("/spec/initContainers"));
    assertFalse(paths(d).contains("/spec/volumes"));

    ObjectNode injected = JsonPatch.apply(pod, d.patch());
    String defaultIdentity = "default.demo.serviceaccount.identity.weft.cluster.local";
    assertEquals(
        json("{'weft.dev/proxy-version': '0.1.0', 'weft.dev/identity': '" + defaultIdentity + "'}"),
        injected.path("metadata").path("annotations"));
    assertEquals(List.of("weft-init", "weft-proxy", "migrate"), names(injected, "initContainers"));
    assertEquals(List.of("books"), names(injected, "containers"));
    assertEquals(
        List.of("data", "weft-identity-token", "weft-trust-anchors", "weft-init-xtables-lock"),
        names(injected, "volumes"));
    assertEquals(json(INIT), injected.path("spec").path("initContainers").get(0));
    assertEquals(
        json(PROXY.formatted(defaultIdentity)),
        injected.path("spec").path("initContainers").get(1));
    assertEquals("books-7c9f-x", injected.path("metadata").path("name").asText());
  }

  @Test
  void classicModePutsTheProxyFirstAmongTheContainers() {
    ObjectNode pod = Pods.annotated("'config.weft.dev/sidecar-mode': 'classic'");
    Decision d = Pods.decide(pod);
    assertEquals(
        List.of(
            "/metadata/annotations/weft.dev~1proxy-version",
            "/metadata/annotations/weft.dev~1identity",
            "/spec/initContainers",
            "/spec/initContainers/0",
            "/spec/containers/0",
            "/spec/volumes",
            "/spec/volumes/-",
            "/spec/volumes/-",
            "/spec/volumes/-"),
        paths(d));
    ObjectNode injected = JsonPatch.apply(pod, d.patch());
    assertEquals(List.of("weft-init"), names(injected, "initContainers"));
    assertEquals(List.of("weft-proxy", "books"), names(injected, "containers"));
    ObjectNode expected =
        (ObjectNode)
            json(PROXY.formatted("default.demo.serviceaccount.identity.weft.cluster.local"));
    expected.remove("restartPolicy");
    assertEquals(expected, injected.path("spec").path("containers").get(0));
  }

  @Test
  void theIdentityComesFromTheServiceAccountAndNamespace() {
    ObjectNode pod = Pods.pod("", "'serviceAccountName': 'reviews'");
    ObjectNode injected = JsonPatch.apply(pod, Pods.INJECTOR.force(pod, "shop").patch());
    String identity = "reviews.shop.serviceaccount.identity.weft.cluster.local";
    assertEquals(identity, injected.at("/metadata/annotations/weft.dev~1identity").asText());
    assertEquals(
        identity, Pods.env(Pods.container(injected, "weft-proxy"), "WEFT_PROXY_IDENTITY_NAME"));
  }

  private static String op(String path, String value) {
    return "{'op': 'add', 'path': '" + path + "', 'value': " + value + "}";
  }

  static List<String> paths(Decision d) {
    return d.patch().stream().map(PatchOp::path).toList();
  }

  static List<String> names(ObjectNode pod, String field) {
    List<String> names = new ArrayList<>();
    pod.path("spec").path(field).forEach(c -> names.add(c.path("name").asText()));
    return names;
  }
}
