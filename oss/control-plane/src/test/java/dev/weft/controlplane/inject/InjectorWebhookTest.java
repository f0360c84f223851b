package dev.weft.controlplane.inject;

import static dev.weft.controlplane.inject.WebhookClient.post;
import static dev.weft.controlplane.inject.WebhookClient.review;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.controlplane.ControlPlane;
import dev.weft.controlplane.extension.ProbeExtension;
import dev.weft.inject.JsonPatch;
import dev.weft.inject.PatchOp;
import dev.weft.testkit.Await;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AdmissionReviews sent over real HTTPS to the running webhook, in Kubernetes mode. */
@QuarkusTest
@TestProfile(InjectorProfile.class)
@WithKubernetesTestServer(crud = true, setup = InjectorApiSetup.class)
class InjectorWebhookTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PLAIN_POD =
      "{\"metadata\": {\"generateName\": \"books-7c9f-\"%s},"
          + " \"spec\": {%s\"containers\": [{\"name\": \"books\", \"image\": \"books:1\"}]}}";

  @Inject InjectorWebhook webhook;
  @Inject ControlPlane controlPlane;
  @Inject MeterRegistry registry;

  @BeforeEach
  void listening() {
    Await.until(() -> webhook.notReadyReason() == null, "the webhook listening");
  }

  @Test
  void anAnnotatedPodGetsAPatchThatInjectsIt() throws Exception {
    double before = admissions("injected");
    String pod = pod("\"weft.dev/inject\": \"enabled\"", "");
    JsonNode response = answer(review("uid-1", "plain", pod));
    assertEquals("uid-1", response.path("uid").asText());
    assertTrue(response.path("allowed").asBoolean());
    assertEquals("JSONPatch", response.path("patchType").asText());
    ObjectNode injected = JsonPatch.apply((ObjectNode) JSON.readTree(pod), patch(response));
    assertEquals(List.of("weft-init", "weft-proxy"), names(injected.at("/spec/initContainers")));
    assertEquals(
        "default.plain.serviceaccount.identity.weft.cluster.local",
        injected.at("/metadata/annotations/weft.dev~1identity").asText());
    assertEquals(before + 1, admissions("injected"));
  }

  @Test
  void theProxyGetsItsZoneAndTheVariablesExtensionsAddWhenTheyHaveAValue() throws Exception {
    String pod = pod("\"weft.dev/inject\": \"enabled\"", "");
    try {
      ProbeExtension.probeEnvironment = Optional.empty();
      JsonNode without = proxyEnv(pod, answer(review("uid-7", "plain", pod)));
      assertEquals(
          JSON.readTree(
              "{\"name\": \"WEFT_PROXY_ZONE\", \"valueFrom\": {\"fieldRef\": {\"apiVersion\":"
                  + " \"v1\", \"fieldPath\": \"metadata.labels['topology.kubernetes.io/zone']\"}}}"),
          without.get(without.size() - 1),
          "the zone last: the probe extension's variable has no value");
      ProbeExtension.probeEnvironment = Optional.of("probed");
      JsonNode with = proxyEnv(pod, answer(review("uid-8", "plain", pod)));
      assertEquals(without.size() + 1, with.size());
      assertEquals(
          JSON.readTree("{\"name\": \"WEFT_PROBE\", \"value\": \"probed\"}"),
          with.get(with.size() - 1));
    } finally {
      ProbeExtension.probeEnvironment = Optional.empty();
    }
  }

  private static JsonNode proxyEnv(String pod, JsonNode response) throws Exception {
    ObjectNode injected = JsonPatch.apply((ObjectNode) JSON.readTree(pod), patch(response));
    return injected.at("/spec/initContainers/1/env");
  }

  @Test
  void aPodInAnAnnotatedNamespaceIsInjected() throws Exception {
    JsonNode response =
        answer(review("uid-2", "meshed", pod("", "\"serviceAccountName\": \"books\", ")));
    assertTrue(response.path("allowed").asBoolean());
    assertEquals("JSONPatch", response.path("patchType").asText());
    assertTrue(
        patch(response)
            .contains(
                PatchOp.add(
                    "/metadata/annotations/weft.dev~1identity",
                    JSON.getNodeFactory()
                        .textNode("books.meshed.serviceaccount.identity.weft.cluster.local"))));
  }

  @Test
  void anOptOutOrAHostNetworkPodIsAllowedWithoutAPatch() throws Exception {
    double before = admissions("skipped");
    // In the meshed namespace: the pod's opt-out and host networking each win over it.
    for (String pod :
        List.of(pod("\"weft.dev/inject\": \"disabled\"", ""), pod("", "\"hostNetwork\": true, "))) {
      JsonNode response = answer(review("uid-3", "meshed", pod));
      assertEquals("uid-3", response.path("uid").asText());
      assertTrue(response.path("allowed").asBoolean());
      assertTrue(response.path("patch").isMissingNode(), "no patch for " + pod);
      assertTrue(response.path("patchType").isMissingNode());
    }
    assertEquals(before + 2, admissions("skipped"));
  }

  @Test
  void badOverridesComeBackAsWarnings() throws Exception {
    JsonNode response =
        answer(
            review(
                "uid-4",
                "plain",
                pod(
                    "\"weft.dev/inject\": \"enabled\", \"config.weft.dev/proxy-log-level\": \"loud\"",
                    "")));
    assertEquals("JSONPatch", response.path("patchType").asText());
    assertTrue(
        response
            .path("warnings")
            .get(0)
            .asText()
            .startsWith("config.weft.dev/proxy-log-level=\"loud\" ignored"),
        response.toString());
  }

  @Test
  void aMalformedBodyIs400() throws Exception {
    HttpResponse<String> response = post(webhook.port(), "{not json", WebhookTlsFiles.current());
    assertEquals(400, response.statusCode());
    assertTrue(
        JSON.readTree(response.body()).path("error").asText().startsWith("the body is not JSON"));
    assertEquals(
        400, post(webhook.port(), "{\"request\": {}}", WebhookTlsFiles.current()).statusCode());
  }

  @Test
  void aPodTheInjectorCannotReadIsAllowedWithAWarning() throws Exception {
    double before = admissions("error");
    JsonNode response =
        answer(
            review(
                "uid-5",
                "meshed",
                "{\"metadata\": {\"name\": \"odd\"}, \"spec\": {\"containers\": 5}}"));
    assertEquals("uid-5", response.path("uid").asText());
    assertTrue(response.path("allowed").asBoolean());
    assertTrue(response.path("patch").isMissingNode());
    assertEquals(
        "weft injector: pod admitted without the proxy: spec.containers: NUMBER (expected: an array)",
        response.path("warnings").get(0).asText());
    assertEquals(before + 1, admissions("error"));
  }

  @Test
  void readinessShowsTheInjectorAndTheCertificateIsReloaded() throws Exception {
    Await.until(() -> controlPlane.notReadyReason() == null, "the CA loaded");
    given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("injector"));
    X509Certificate first = WebhookTlsFiles.current();
    assertEquals(first, served(first));
    X509Certificate second = WebhookTlsFiles.write("second");
    Await.until(
        () -> second.equals(servedQuietly(first, second)), "the rotated certificate served");
    assertTrue(webhook.certificate().startsWith("CN=weft-control-plane.weft.svc second"));
  }

  /** The certificate the webhook presents to a new connection trusting {@code trusted}. */
  private X509Certificate served(X509Certificate... trusted) throws Exception {
    HttpResponse<String> response =
        post(webhook.port(), review("uid-6", "plain", pod("", "")), trusted);
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  private X509Certificate servedQuietly(X509Certificate... trusted) {
    try {
      return served(trusted);
    } catch (Exception e) {
      return null;
    }
  }

  private JsonNode answer(String review) throws Exception {
    HttpResponse<String> response = post(webhook.port(), review, WebhookTlsFiles.current());
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("AdmissionReview", body.path("kind").asText());
    assertEquals("admission.k8s.io/v1", body.path("apiVersion").asText());
    return body.path("response");
  }

  private static List<PatchOp> patch(JsonNode response) throws Exception {
    JsonNode ops =
        JSON.readTree(
            new String(
                Base64.getDecoder().decode(response.path("patch").asText()),
                StandardCharsets.UTF_8));
    List<PatchOp> out = new ArrayList<>();
    ops.forEach(op ->
        out.add(new PatchOp(op.path("op").asText(), op.path("path").asText(), op.get("value"))));
    return out;
  }

  private static String pod(String annotations, String spec) {
    return PLAIN_POD.formatted(
        annotations.isEmpty() ? "" : ", \"annotations\": {" + annotations + "}", spec);
  }

  private static List<String> names(JsonNode containers) {
    List<String> names = new ArrayList<>();
    containers.forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  private double admissions(String result) {
    return registry.counter("weft.injector.admissions", "result", result).count();
  }
}
