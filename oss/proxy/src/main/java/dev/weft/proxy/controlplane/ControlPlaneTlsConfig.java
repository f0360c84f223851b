package dev.weft.proxy.controlplane;

import java.nio.file.Path;

/**
 * How the proxy connects to the control plane's gRPC port (Identity and Destination).
 *
 * @param identity the identity the control plane must present (its certificate's DNS SAN), e.g.
 *     {@code weft-control-plane.weft.serviceaccount.identity.weft.cluster.local}; null for
 *     plaintext
 * @param trustAnchors PEM roots its certificate must chain to (the proxy's trust anchors); null for
 *     plaintext
 */
public record ControlPlaneTlsConfig(String identity, Path trustAnchors) {
  /** Plaintext HTTP/2, for control planes that serve no certificate. */
  public static final ControlPlaneTlsConfig PLAINTEXT = new ControlPlaneTlsConfig(null, null);

  public ControlPlaneTlsConfig {
    if ((identity == null) != (trustAnchors == null)) {
      throw new IllegalArgumentException(
          "control plane TLS: identity "
              + identity
              + " and trust anchors "
              + trustAnchors
              + " (expected: both, or neither for plaintext)");
    }
  }

  /** Whether connections use TLS. */
  public boolean enabled() {
    return identity != null;
  }

  @Override
  public String toString() {
    return enabled() ? "TLS to " + identity + " under " + trustAnchors : "plaintext";
  }
}
