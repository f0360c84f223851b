package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import dev.weft.inject.Decision;
import dev.weft.inject.Injector;
import dev.weft.inject.InjectorConfig;
import dev.weft.inject.JsonPatch;
import dev.weft.inject.JsonPatchException;
import dev.weft.inject.ParsedInjectorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Injects the proxy into a pod template now, with the injector's own code: the overrides are
 * written as annotations first, so the template reads as the webhook would have seen it, then the
 * injector's patch is applied. A pod that opts out, runs on the host network or already has a proxy
 * is skipped for the reason the injector gives.
 */
final class ManualInjectEdit implements TemplateEdit {
  private final Injector injector;
  private final Map<String, String> overrides;

  ManualInjectEdit(InjectorConfig config, Map<String, String> overrides) {
    this.injector = new Injector(config);
    this.overrides = new LinkedHashMap<>(overrides);
  }

  /** The injector configuration in {@code file} ({@code proxy.json}), or the defaults for null. */
  static InjectorConfig config(Path file) {
    if (file == null) {
      return InjectorConfig.defaults();
    }
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.USAGE,
          "cannot read --proxy-config " + file + " (" + e.getMessage() + ")",
          "give the path of a proxy.json file");
    }
    ParsedInjectorConfig parsed = InjectorConfig.parse(json);
    if (!parsed.ok()) {
      throw new CliException(
          ExitCodes.BAD_INPUT,
          file + ": " + String.join("; ", parsed.errors()),
          "fix the file (its keys are in docs/injection.md)");
    }
    if (!parsed.unknownKeys().isEmpty()) {
      throw new CliException(
          ExitCodes.BAD_INPUT,
          file + ": unknown keys " + parsed.unknownKeys(),
          "remove them or fix their spelling (the keys are in docs/injection.md)");
    }
    return parsed.config();
  }

  @Override
  public String apply(ObjectNode podTemplate) {
    return apply(podTemplate, "default");
  }

  @Override
  public String apply(ObjectNode podTemplate, String namespace) {
    ObjectNode candidate = podTemplate.deepCopy();
    ObjectNode annotations = Annotations.of(candidate);
    overrides.forEach(annotations::put);
    Decision decision;
    try {
      decision = injector.force(candidate, namespace);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    if (!decision.inject()) {
      return decision.reason().replaceFirst("^skipped: ", "");
    }
    ObjectNode injected;
    try {
      injected = JsonPatch.apply(candidate, decision.patch());
    } catch (JsonPatchException e) {
      return "the injector's patch does not apply (" + e.getMessage() + ")";
    }
    podTemplate.removeAll();
    podTemplate.setAll(injected);
    return null;
  }

  @Override
  public String done() {
    return "injected (manual)";
  }
}
