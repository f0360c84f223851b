package dev.weft.controlplane.identity.serving;

import dev.weft.controlplane.identity.IdentityName;
import java.util.Optional;

/** The control plane's own identity name, which proxies expect its gRPC port to present. */
public final class SelfName {
  /** The control plane's ServiceAccount (and Deployment, and Service). */
  public static final String SERVICE_ACCOUNT = "weft-control-plane";

  /** Local mode has no namespace of its own; it names itself as the chart's default would. */
  public static final String LOCAL_NAMESPACE = "weft";

  private SelfName() {}

  /**
   * {@code configured} (property {@code weft.identity.self-name}) when given, else {@code
   * weft-control-plane.NAMESPACE.serviceaccount.identity.weft.TRUST_DOMAIN}.
   *
   * @throws IllegalArgumentException naming the property when the configured name is not an
   *     identity of {@code trustDomain}
   */
  public static IdentityName resolve(
      Optional<String> configured, String namespace, String trustDomain) {
    if (configured.isEmpty() || configured.get().isBlank()) {
      return new IdentityName(SERVICE_ACCOUNT, namespace, trustDomain);
    }
    try {
      return IdentityName.parse(configured.get().strip(), trustDomain);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("weft.identity.self-name: " + e.getMessage(), e);
    }
  }
}
