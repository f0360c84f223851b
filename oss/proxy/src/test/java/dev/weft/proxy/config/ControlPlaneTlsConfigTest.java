package dev.weft.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.controlplane.ControlPlaneTlsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --control-plane-identity}: TLS to the control plane, or plaintext without it. */
class ControlPlaneTlsConfigTest {
  static final String CONTROL_PLANE =
      "weft-control-plane.weft.serviceaccount.identity.weft.cluster.local";

  private static ProxyConfig load(Map<String, String> env, String... args) {
    return ConfigLoader.load(List.of(args), env);
  }

  @Test
  void plaintextWithoutTheOption() {
    ProxyConfig c = load(Map.of(), "--destination-addr", "127.0.0.1:8090");
    assertFalse(c.controlPlaneTls().enabled());
    assertEquals(ControlPlaneTlsConfig.PLAINTEXT, c.controlPlaneTls());
  }

  @Test
  void tlsWithAnIdentityAndTheProxysTrustAnchors() {
    ProxyConfig c =
        load(
            Map.of(
                "WEFT_PROXY_CONTROL_PLANE_IDENTITY",
                CONTROL_PLANE.toUpperCase(),
                "WEFT_PROXY_IDENTITY_TRUST_ANCHORS",
                "/trust/ca-bundle.crt"),
            "--inbound-forward",
            "127.0.0.1:8080",
            "--identity-name",
            "web.demo.serviceaccount.identity.weft.cluster.local",
            "--identity-token-file",
            "/token",
            "--identity-addr",
            "127.0.0.1:8090");
    assertEquals(
        new ControlPlaneTlsConfig(CONTROL_PLANE, Path.of("/trust/ca-bundle.crt")),
        c.controlPlaneTls());
    assertEquals(Path.of("/trust/ca-bundle.crt"), c.identity().trustAnchors());
  }

  @Test
  void aProxyWithDiscoveryOnlyChecksTheControlPlaneAgainstTheTrustAnchors() {
    ProxyConfig c =
        load(
            Map.of(),
            "--destination-addr",
            "127.0.0.1:8090",
            "--control-plane-identity",
            CONTROL_PLANE,
            "--identity-trust-anchors",
            "/trust/ca-bundle.crt");
    assertNull(c.identity());
    assertTrue(c.controlPlaneTls().enabled());
  }

  @Test
  void refusesWhatCannotBeChecked() {
    ConfigException noAnchors =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    Map.of(),
                    "--destination-addr",
                    "127.0.0.1:8090",
                    "--control-plane-identity",
                    CONTROL_PLANE));
    assertTrue(
        noAnchors.getMessage().startsWith("--identity-trust-anchors"), noAnchors.getMessage());
    assertTrue(noAnchors.getMessage().contains("since --control-plane-identity is set"));
    ConfigException badName =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    Map.of(),
                    "--destination-addr",
                    "127.0.0.1:8090",
                    "--control-plane-identity",
                    "not a name",
                    "--identity-trust-anchors",
                    "/trust/ca-bundle.crt"));
    assertTrue(
        badName.getMessage().startsWith("--control-plane-identity='not a name': invalid"),
        badName.getMessage());
    ConfigException anchorsAlone =
        assertThrows(
            ConfigException.class,
            () ->
                load(
                    Map.of(),
                    "--destination-addr",
                    "127.0.0.1:8090",
                    "--identity-trust-anchors",
                    "/trust/ca-bundle.crt"));
    assertTrue(anchorsAlone.getMessage().startsWith("--identity-name"), anchorsAlone.getMessage());
  }
}
