package dev.weft.inject;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Reads proxy.json into an {@link InjectorConfig}, collecting every error instead of stopping. */
final class ConfigReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KEYS =
      Set.of(
          "version",
          "proxyImage",
          "initImage",
          "imagePullPolicy",
          "logLevel",
          "inboundPort",
          "outboundPort",
          "adminPort",
          "controlPort",
          "proxyUID",
          "resources",
          "opaquePorts",
          "skipInboundPorts",
          "skipOutboundPorts",
          "detectTimeout",
          "sidecarMode",
          "controlPlaneAddr",
          "trustAnchorsConfigMap",
          "tokenAudience",
          "trustDomain",
          "controlPlaneNamespace");
  private static final Set<String> RESOURCE_KEYS =
      Set.of("cpuRequest", "cpuLimit", "memoryRequest", "memoryLimit");
  private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

  private final List<String> errors = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();

  ParsedInjectorConfig read(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      return failed("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      root = JSON.createObjectNode(); // an empty file: every default
    }
    if (!root.isObject()) {
      return failed("expected a JSON object at the top, found " + root.getNodeType());
    }
    root.fieldNames()
        .forEachRemaining(name -> {
          if (!KEYS.contains(name)) {
            unknown.add(name);
          }
        });
    InjectorConfig d = InjectorConfig.defaults();
    InjectorConfig config =
        new InjectorConfig(
            text(root, "version", d.version(), ConfigReader::nonEmpty),
            text(root, "proxyImage", d.proxyImage(), ConfigReader::nonEmpty),
            text(root, "initImage", d.initImage(), ConfigReader::nonEmpty),
            text(root, "imagePullPolicy", d.imagePullPolicy(), ConfigReader::pullPolicy),
            text(root, "logLevel", d.logLevel(), SettingValues::logLevel),
            port(root, "inboundPort", d.inboundPort()),
            port(root, "outboundPort", d.outboundPort()),
            port(root, "adminPort", d.adminPort()),
            port(root, "controlPort", d.controlPort()),
            integer(root, "proxyUID", d.proxyUID(), 1, Integer.MAX_VALUE, "a user id from 1"),
            resources(root, d.resources()),
            text(root, "opaquePorts", d.opaquePorts(), SettingValues::ports),
            text(root, "skipInboundPorts", d.skipInboundPorts(), SettingValues::ports),
            text(root, "skipOutboundPorts", d.skipOutboundPorts(), SettingValues::ports),
            text(root, "detectTimeout", d.detectTimeout(), SettingValues::duration),
            SidecarMode.parse(
                text(root, "sidecarMode", d.sidecarMode().value(), ConfigReader::sidecarMode)),
            text(root, "controlPlaneAddr", d.controlPlaneAddr(), ConfigReader::hostPort),
            text(root, "trustAnchorsConfigMap", d.trustAnchorsConfigMap(), ConfigReader::nonEmpty),
            text(root, "tokenAudience", d.tokenAudience(), ConfigReader::nonEmpty),
            text(root, "trustDomain", d.trustDomain(), ConfigReader::nonEmpty),
            text(root, "controlPlaneNamespace", d.controlPlaneNamespace(), ConfigReader::nonEmpty));
    return new ParsedInjectorConfig(errors.isEmpty() ? config : null, errors, unknown);
  }

  private ProxyResources resources(JsonNode root, ProxyResources d) {
    JsonNode node = root.get("resources");
    if (node == null || node.isNull()) {
      return d;
    }
    if (!node.isObject()) {
      errors.add(
          "resources: "
              + node
              + " (expected: an object with cpuRequest, cpuLimit, memoryRequest, memoryLimit)");
      return d;
    }
    node.fieldNames()
        .forEachRemaining(name -> {
          if (!RESOURCE_KEYS.contains(name)) {
            unknown.add("resources." + name);
          }
        });
    return new ProxyResources(
        text(node, "resources.", "cpuRequest", d.cpuRequest(), SettingValues::quantity),
        text(node, "resources.", "cpuLimit", d.cpuLimit(), SettingValues::quantity),
        text(node, "resources.", "memoryRequest", d.memoryRequest(), SettingValues::quantity),
        text(node, "resources.", "memoryLimit", d.memoryLimit(), SettingValues::quantity));
  }

  private String text(JsonNode node, String key, String fallback, UnaryOperator<String> check) {
    return text(node, "", key, fallback, check);
  }

  private String text(
      JsonNode node, String prefix, String key, String fallback, UnaryOperator<String> check) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      errors.add(prefix + key + ": " + value + " (expected: a string)");
      return fallback;
    }
    try {
      return check.apply(value.textValue());
    } catch (IllegalArgumentException e) {
      errors.add(prefix + key + ": " + value + " (expected: " + e.getMessage() + ")");
      return fallback;
    }
  }

  private int port(JsonNode node, String key, int fallback) {
    return integer(node, key, fallback, 1, 65535, "a port from 1 to 65535");
  }

  private int integer(JsonNode node, String key, int fallback, int min, int max, String expected) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (value.canConvertToInt()
        && value.isIntegralNumber()
        && value.intValue() >= min
        && value.intValue() <= max) {
      return value.intValue();
    }
    errors.add(key + ": " + value + " (expected: " + expected + ")");
    return fallback;
  }

  private ParsedInjectorConfig failed(String error) {
    return new ParsedInjectorConfig(null, List.of(error), List.of());
  }

  private static String nonEmpty(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("a non-empty string");
    }
    return value;
  }

  private static String pullPolicy(String value) {
    if (!PULL_POLICIES.contains(value)) {
      throw new IllegalArgumentException("Always, IfNotPresent or Never");
    }
    return value;
  }

  private static String sidecarMode(String value) {
    SidecarMode.parse(value);
    return value;
  }

  private static String hostPort(String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("HOST:PORT");
    }
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      if (port >= 1 && port <= 65535) {
        return value;
      }
    } catch (NumberFormatException e) {
      // falls through to the message naming the expected form
    }
    throw new IllegalArgumentException("HOST:PORT");
  }
}
