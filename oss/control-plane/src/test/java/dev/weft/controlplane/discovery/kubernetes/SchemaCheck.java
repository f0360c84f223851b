package dev.weft.controlplane.discovery.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The part of the API server's OpenAPI validation a CRD's structural schema states without CEL:
 * types, required, enum, minimum/maximum, lengths, patterns and map values. Enough to see that a
 * sample is refused by the schema at the same field as by the control plane.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** The paths ({@code spec.retryBudget.ratio}) at which {@code value} breaks {@code schema}. */
  static List<String> violations(JSONSchemaProps schema, Object value, String path) {
    List<String> found = new ArrayList<>();
    check(schema, value, path, found);
    return found;
  }

  private static void check(JSONSchemaProps schema, Object value, String path, List<String> found) {
    if (!typeMatches(schema.getType(), value)) {
      found.add(path);
      return;
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      boolean listed = false;
      for (JsonNode allowed : schema.getEnum()) {
        listed |= allowed.isTextual() && allowed.asText().equals(value);
      }
      if (!listed) {
        found.add(path);
        return;
      }
    }
    if (value instanceof Number number) {
      BigDecimal decimal = new BigDecimal(number.toString());
      if ((schema.getMinimum() != null
              && decimal.compareTo(BigDecimal.valueOf(schema.getMinimum())) < 0)
          || (schema.getMaximum() != null
              && decimal.compareTo(BigDecimal.valueOf(schema.getMaximum())) > 0)) {
        found.add(path);
      }
    }
    if (value instanceof String text) {
      if ((schema.getMinLength() != null && text.length() < schema.getMinLength())
          || (schema.getMaxLength() != null && text.length() > schema.getMaxLength())
          || (schema.getPattern() != null
              && !Pattern.compile(schema.getPattern()).matcher(text).find())) {
        found.add(path);
      }
    }
    if (value instanceof Map<?, ?> map) {
      for (String required : Objects.requireNonNullElse(schema.getRequired(), List.<String>of())) {
        if (!map.containsKey(required)) {
          found.add(path + "." + required);
        }
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String at = path + "." + entry.getKey();
        if (schema.getProperties() != null && schema.getProperties().containsKey(entry.getKey())) {
          check(schema.getProperties().get(entry.getKey()), entry.getValue(), at, found);
        } else if (schema.getAdditionalProperties() != null
            && schema.getAdditionalProperties().getSchema() != null) {
          check(schema.getAdditionalProperties().getSchema(), entry.getValue(), at, found);
        }
        // Other unknown fields are pruned by the API server, not refused.
      }
    }
  }

  private static boolean typeMatches(String type, Object value) {
    return switch (Objects.requireNonNullElse(type, "")) {
      case "object" -> value instanceof Map<?, ?>;
      case "string" -> value instanceof String;
      case "number" -> value instanceof Number;
      case "integer" ->
          value instanceof Number n
              && new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0;
      case "boolean" -> value instanceof Boolean;
      case "array" -> value instanceof List<?>;
      default -> true;
    };
  }
}
