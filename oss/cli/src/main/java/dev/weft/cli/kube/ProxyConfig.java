package dev.weft.cli.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The injector's configuration as installed: key {@code proxy.json} of ConfigMap {@code
 * weft-config}. Only what the command line needs is read; every key is optional, with the
 * injector's defaults.
 */
public record ProxyConfig(String version) {
  public static final String CONFIG_MAP = "weft-config";
  public static final String KEY = "proxy.json";

  /** The injector's default proxy version when proxy.json names none. */
  public static final String DEFAULT_VERSION = "0.1.0";

  /**
   * Reads it from the cluster.
   *
   * @throws IllegalStateException naming what is missing or unparseable
   */
  public static ProxyConfig read(KubernetesClient client, String namespace) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
    if (map == null) {
      throw new IllegalStateException("ConfigMap " + namespace + "/" + CONFIG_MAP + " not found");
    }
    String json = map.getData() == null ? null : map.getData().get(KEY);
    if (json == null) {
      throw new IllegalStateException(
          "ConfigMap " + namespace + "/" + CONFIG_MAP + " has no key " + KEY);
    }
    return parse(json, namespace + "/" + CONFIG_MAP);
  }

  static ProxyConfig parse(String json, String where) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          KEY + " in " + where + " is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalStateException(KEY + " in " + where + " is not a JSON object");
    }
    JsonNode v = root.path("version");
    if (!v.isMissingNode() && !v.isTextual()) {
      throw new IllegalStateException(KEY + " in " + where + ": version is not a string: " + v);
    }
    return new ProxyConfig(v.isTextual() ? v.asText() : DEFAULT_VERSION);
  }
}
