package dev.weft.charts;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates the Gateway API HTTPRoute and GRPCRoute CRDs of the weft-crds chart from fabric8's
 * typed Gateway API model, the one the control plane reads routes with. The result is a structural
 * schema only: upstream's CEL and webhook validation rules are not in the model.
 *
 * <p>{@code GatewayApiCrdsTest} fails when the committed files differ from a fresh generation; run
 * {@code main} (or the test with {@code -Dweft.charts.regenerate=true}) to rewrite them.
 */
final class GatewayApiCrds {
  static final String MODEL = "io.fabric8:kubernetes-model-gatewayapi:7.6.1";
  static final String DIRECTORY = "templates/gateway-api";

  private GatewayApiCrds() {}

  /** File name (under the chart's templates/gateway-api) to its content. */
  static Map<String, String> generate() {
    Map<String, ByteArrayOutputStream> outputs = new TreeMap<>();
    new CRDGenerator()
        .customResourceClasses(HTTPRoute.class, GRPCRoute.class)
        .forCRDVersions("v1")
        .withPostProcessor(
            new io.fabric8.crdv2.generator.CRDPostProcessor() {
              @Override
              public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
                crd.getMetadata()
                    .getAnnotations()
                    .put(
                        "weft.dev/generated",
                        "structural schema generated from "
                            + MODEL
                            + " by fabric8's CRD generator; upstream's validation rules are not"
                            + " included: production clusters should install the Gateway API"
                            + " release's CRDs instead");
                crd.getMetadata().getLabels().put("app.kubernetes.io/part-of", "weft");
                return crd;
              }
            })
        .withOutput(
            new CRDGenerator.CRDOutput<ByteArrayOutputStream>() {
              @Override
              public ByteArrayOutputStream outputFor(String crdName) {
                return outputs.computeIfAbsent(crdName, n -> new ByteArrayOutputStream());
              }

              @Override
              public void close() {}
            })
        .generate();
    Map<String, String> files = new TreeMap<>();
    outputs.forEach((name, bytes) ->
        files.put(
            name.replaceFirst("\\.gateway\\.networking\\.k8s\\.io-v1$", "") + ".yaml",
            template(name, bytes.toString(StandardCharsets.UTF_8))));
    return files;
  }

  /** Guards a generated CRD by the chart's value, with a header saying where it comes from. */
  private static String template(String name, String yaml) {
    if (yaml.contains("{{")) {
      throw new IllegalStateException(name + ": generated YAML contains a template delimiter");
    }
    String body =
        yaml.lines()
            .filter(l -> !l.startsWith("#"))
            .reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append)
            .toString();
    return "{{- if .Values.gatewayAPI.install }}\n"
        + "# GENERATED, do not edit: GatewayApiCrds (helm/src/test) writes this file from "
        + MODEL
        + ".\n"
        + "# A structural schema for clusters without the Gateway API: upstream's validation rules\n"
        + "# are not included. Production clusters should install the CRDs of the Gateway API\n"
        + "# release instead (https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api).\n"
        + body
        + "{{- end }}\n";
  }

  /** Writes the files into {@code chart}/templates/gateway-api. */
  static void write(Path chart) {
    try {
      Path dir = chart.resolve(DIRECTORY);
      Files.createDirectories(dir);
      for (Map.Entry<String, String> e : generate().entrySet()) {
        Files.writeString(dir.resolve(e.getKey()), e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void main(String[] args) {
    write(args.length > 0 ? Path.of(args[0]) : Charts.crds());
  }
}
