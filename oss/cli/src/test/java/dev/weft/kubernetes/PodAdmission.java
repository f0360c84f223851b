package dev.weft.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.inject.JsonPatch;
import dev.weft.inject.PatchOp;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** A pod's CREATE reviewed by a mutating webhook as kube-apiserver asks it, and its outcome. */
final class PodAdmission {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PodAdmission() {}

  /**
   * Sends an AdmissionReview v1 for {@code pod} (see {@link WebhookCall} for the TLS checks) and
   * returns the pod with the answer's JSON Patch applied; an answer that is not an allowed patch of
   * this review fails.
   */
  static Pod inject(String caBundlePem, String dnsName, URI uri, Pod pod) throws Exception {
    ObjectNode podJson = (ObjectNode) JSON.readTree(Rendered.SERIALIZATION.asJson(pod));
    String uid = UUID.randomUUID().toString();
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    request.put("namespace", pod.getMetadata().getNamespace()).put("operation", "CREATE");
    request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
    request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
    request.set("object", podJson);

    HttpResponse<String> answer =
        WebhookCall.post(caBundlePem, dnsName, uri, JSON.writeValueAsString(review));
    assertEquals(200, answer.statusCode(), answer.body());
    JsonNode response = JSON.readTree(answer.body()).path("response");
    assertEquals(uid, response.path("uid").asText(), answer.body());
    assertTrue(response.path("allowed").asBoolean(), answer.body());
    assertEquals("JSONPatch", response.path("patchType").asText(), "injected: " + answer.body());
    List<PatchOp> ops = new ArrayList<>();
    for (JsonNode op : JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()))) {
      ops.add(new PatchOp(op.path("op").asText(), op.path("path").asText(), op.get("value")));
    }
    return Rendered.SERIALIZATION.unmarshal(
        JSON.writeValueAsString(JsonPatch.apply(podJson, ops)), Pod.class);
  }
}
