package dev.weft.controlplane;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application in Kubernetes mode, against the mock API server of the test. */
public final class KubernetesModeProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("weft.mode", "kubernetes", "weft.namespace", "weft");
  }
}
