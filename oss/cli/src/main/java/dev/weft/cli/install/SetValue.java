package dev.weft.cli.install;

import java.util.regex.Pattern;

/** One {@code --set KEY=VALUE}, checked before Helm sees it so that a typo is a usage error. */
record SetValue(String key, String value) {
  // Dotted names with list indexes (a.b[0].c): what Weft's values need of Helm's syntax.
  private static final Pattern KEY =
      Pattern.compile(
          "[A-Za-z][A-Za-z0-9_-]*(\\[[0-9]+\\])*(\\.[A-Za-z][A-Za-z0-9_-]*(\\[[0-9]+\\])*)*");

  static SetValue parse(String argument) throws InstallException {
    int eq = argument.indexOf('=');
    if (eq < 0) {
      throw new InstallException(
          InstallException.USAGE,
          "--set " + argument + ": expected KEY=VALUE, e.g. --set proxy.logLevel=debug");
    }
    String key = argument.substring(0, eq);
    if (!KEY.matcher(key).matches()) {
      throw new InstallException(
          InstallException.USAGE,
          "--set "
              + argument
              + ": bad key '"
              + key
              + "': expected dotted value names, e.g. controlPlane.replicas or controlPlane.imagePullSecrets[0].name (see helm/weft/README.md)");
    }
    return new SetValue(key, argument.substring(eq + 1));
  }

  /** Whether this names identity material, so that none is generated. */
  boolean isIdentityMaterial() {
    return key.startsWith("identity.trustAnchors") || key.startsWith("identity.issuer");
  }
}
