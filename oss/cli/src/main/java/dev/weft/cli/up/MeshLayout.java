package dev.weft.cli.up;

import java.nio.file.Path;

/** The files of one local mesh under its state directory. */
record MeshLayout(Path stateDir) {
  MeshLayout {
    stateDir = stateDir.toAbsolutePath().normalize();
  }

  Path controlPlaneState() {
    return stateDir.resolve("control-plane");
  }

  Path adminToken() {
    return controlPlaneState().resolve("admin-token");
  }

  Path trustBundle() {
    return controlPlaneState().resolve("identity").resolve("trust-bundle.pem");
  }

  /** The control plane's discovery source in local mode; see {@link MeshRegistry}. */
  Path registry() {
    return controlPlaneState().resolve("registry.conf");
  }

  Path tokens() {
    return stateDir.resolve("tokens");
  }

  Path token(DemoService s) {
    return tokens().resolve(s.serviceName() + ".token");
  }

  Path logs() {
    return stateDir.resolve("logs");
  }
}
