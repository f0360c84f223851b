package dev.weft.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed Gateway API CRDs are exactly what the generator makes from fabric8's model. */
class GatewayApiCrdsTest {
  @Test
  void committedFilesMatchAFreshGeneration() throws Exception {
    Map<String, String> fresh = GatewayApiCrds.generate();
    if (Boolean.getBoolean("weft.charts.regenerate")) {
      GatewayApiCrds.write(Charts.crds());
    }
    Path dir = Charts.crds().resolve(GatewayApiCrds.DIRECTORY);
    Map<String, String> committed = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        committed.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    assertEquals(
        fresh,
        committed,
        "helm/weft-crds/templates/gateway-api drifted from the model: regenerate with"
            + " ./mvnw -pl helm test -Dtest=GatewayApiCrdsTest -Dweft.charts.regenerate=true");
  }
}
