package dev.weft.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Values files for the tests: PEMs do not survive --set (commas, newlines), so they go in YAML. */
final class Values {
  private Values() {}

  /** A trust anchor and an issuer it signed, freshly generated. */
  record Identity(TestPki.Credential anchor, TestPki.Credential issuer) {
    static Identity generate() {
      TestPki.Credential anchor = TestPki.root("root.identity.weft.cluster.local");
      return new Identity(anchor, TestPki.intermediate("identity.weft.cluster.local", anchor));
    }

    Map<String, Object> values() {
      return Map.of(
          "identity",
          Map.of(
              "trustAnchorsPEM",
              anchor.certificatePem(),
              "issuer",
              Map.of(
                  "tls",
                  Map.of(
                      "crtPEM",
                      issuer.certificatePem() + anchor.certificatePem(),
                      "keyPEM",
                      issuer.keyPem()))));
    }
  }

  /**
   * {@code base} with {@code override} merged in, nested maps key by key (as Helm merges values).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    override.forEach((k, v) ->
        merged.merge(
            k,
            v,
            (a, b) ->
                a instanceof Map<?, ?> am && b instanceof Map<?, ?> bm
                    ? merge((Map<String, Object>) am, (Map<String, Object>) bm)
                    : b));
    return merged;
  }

  /** Writes nested maps as a YAML values file. */
  static Path write(Path dir, String name, Map<String, Object> values) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, Charts.SERIALIZATION.asYaml(new LinkedHashMap<>(values)));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
