package dev.weft.controlplane;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Local mode with the gRPC port in plaintext, for proxies without --control-plane-identity. */
public final class PlaintextGrpcProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("weft.grpc.tls", "false");
  }
}
