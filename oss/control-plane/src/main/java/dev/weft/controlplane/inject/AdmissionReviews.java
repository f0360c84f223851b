package dev.weft.controlplane.inject;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.inject.Decision;
import dev.weft.inject.Injector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Answers AdmissionReview v1 requests for pod creation: the webhook's behaviour, without HTTP.
 *
 * <p>The webhook never blocks a pod. A review it cannot judge (a pod of an unexpected shape, a
 * namespace it cannot read, a bug) is allowed without a patch and with a warning, and logged: a pod
 * without the proxy is a smaller failure than an application that cannot start. Only a body that is
 * not an AdmissionReview at all (not JSON, no {@code request.uid}) gets a 400, since there is no
 * review to answer. Timeouts are the chart's {@code failurePolicy} to decide.
 *
 * <p>Thread-safe; may block on a namespace lookup, so it runs off the event loop.
 */
final class AdmissionReviews {
  private static final Logger LOG = Logger.getLogger(AdmissionReviews.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Injector injector;
  private final NamespaceMetadata namespaces;
  private final Supplier<Map<String, String>> extraEnv;
  private final InjectorMetrics metrics;

  /**
   * @param extraEnv the variables extensions add to injected proxies now, read at each admission
   */
  AdmissionReviews(
      Injector injector,
      NamespaceMetadata namespaces,
      Supplier<Map<String, String>> extraEnv,
      InjectorMetrics metrics) {
    this.injector = injector;
    this.namespaces = namespaces;
    this.extraEnv = extraEnv;
    this.metrics = metrics;
  }

  AdmissionAnswer answer(byte[] body) {
    JsonNode review;
    try {
      review = JSON.readTree(body);
    } catch (JacksonException e) {
      return badRequest("the body is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      return badRequest("the body could not be read: " + e.getMessage());
    }
    JsonNode uid = review == null ? null : review.path("request").get("uid");
    if (uid == null || !uid.isTextual()) {
      return badRequest("not an AdmissionReview: request.uid is missing");
    }
    JsonNode request = review.get("request");
    String namespace = request.path("namespace").asText("");
    String pod = namespace + "/" + podName(request.path("object"));
    ObjectNode response = response(review, uid.textValue());
    try {
      if (!request.path("object").isObject()) {
        throw new IllegalArgumentException("request.object is not a pod");
      }
      Decision decision =
          judge((ObjectNode) request.get("object"), namespace.isEmpty() ? "default" : namespace);
      if (decision.inject()) {
        metrics.injected();
        String patch = JSON.writeValueAsString(decision.patchJson());
        response.put("patchType", "JSONPatch");
        response.put(
            "patch", Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
      } else {
        metrics.skipped();
      }
      warnings(response, decision.warnings());
      LOG.infof("inject %s: %s%s", pod, logged(decision.reason()), warningsLogged(decision));
    } catch (IllegalArgumentException | NamespaceLookupException e) {
      // A pod the injector cannot read, or a namespace the API server would not give us.
      return failed(review, uid.textValue(), pod, e.getMessage(), null);
    } catch (JacksonException | RuntimeException e) {
      // Anything else is a defect of ours: logged with its stack, the pod still admitted.
      return failed(review, uid.textValue(), pod, e.toString(), e);
    }
    return new AdmissionAnswer(200, write(wrap(review, response)));
  }

  private Decision judge(ObjectNode pod, String namespace) {
    NamespaceMetadata.Namespace metadata = namespaces.get(namespace);
    return injector.decide(
        pod, namespace, metadata.annotations(), metadata.labels(), extraEnv.get());
  }

  private AdmissionAnswer failed(
      JsonNode review, String uid, String pod, String why, Throwable defect) {
    metrics.error();
    if (defect == null) {
      LOG.warnf("inject %s: error (%s); admitted without the proxy", pod, why);
    } else {
      LOG.errorf(defect, "inject %s: error (%s); admitted without the proxy", pod, why);
    }
    ObjectNode response = response(review, uid);
    warnings(response, List.of("weft injector: pod admitted without the proxy: " + why));
    return new AdmissionAnswer(200, write(wrap(review, response)));
  }

  private AdmissionAnswer badRequest(String why) {
    metrics.error();
    LOG.warnf("inject: bad request (%s)", why);
    ObjectNode error = JSON.createObjectNode().put("error", why);
    return new AdmissionAnswer(400, write(error));
  }

  private static ObjectNode response(JsonNode review, String uid) {
    ObjectNode response = JSON.createObjectNode();
    response.put("uid", uid);
    response.put("allowed", true);
    return response;
  }

  private static ObjectNode wrap(JsonNode review, ObjectNode response) {
    ObjectNode out = JSON.createObjectNode();
    out.put("apiVersion", review.path("apiVersion").asText("admission.k8s.io/v1"));
    out.put("kind", "AdmissionReview");
    out.set("response", response);
    return out;
  }

  private static void warnings(ObjectNode response, List<String> warnings) {
    if (!warnings.isEmpty()) {
      ArrayNode array = response.putArray("warnings");
      warnings.forEach(array::add);
    }
  }

  /** {@code injected: why} as the log line writes it: {@code injected (why)}. */
  private static String logged(String reason) {
    int colon = reason.indexOf(": ");
    return colon < 0
        ? reason
        : reason.substring(0, colon) + " (" + reason.substring(colon + 2) + ")";
  }

  private static String warningsLogged(Decision decision) {
    return decision.warnings().isEmpty()
        ? ""
        : "; ignored overrides: " + String.join("; ", decision.warnings());
  }

  /** Pods made by a controller have only a generateName at admission ({@code books-7c9f-}). */
  private static String podName(JsonNode pod) {
    JsonNode metadata = pod.path("metadata");
    String name = metadata.path("name").asText("");
    return name.isEmpty() ? metadata.path("generateName").asText("") : name;
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write an AdmissionReview: " + e, e);
    }
  }
}
