package dev.weft.inject;

import java.util.Locale;

/** Where the proxy container goes in the pod. */
public enum SidecarMode {
  /**
   * An init container with {@code restartPolicy: Always} (Kubernetes 1.29+ sidecars): it starts
   * before the application's containers and the init containers after it, and stops after them, so
   * neither sees a network without a proxy.
   */
  NATIVE,
  /** The first regular container, for clusters without native sidecars. */
  CLASSIC;

  /** The name used in proxy.json and the {@code config.weft.dev/sidecar-mode} annotation. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  static SidecarMode parse(String value) {
    for (SidecarMode mode : values()) {
      if (mode.value().equals(value)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("native or classic");
  }
}
