package dev.weft.licensing.cli;

import dev.weft.licensing.Entitlements;
import java.util.Map;

/** Where a key given on this machine comes from, before the cluster's Secret is asked. */
final class LicenseSources {
  private LicenseSources() {}

  /** {@code WEFT_LICENSE} or {@code WEFT_LICENSE_FILE FILE} when set, else null. */
  static String local(Map<String, String> env) {
    if (set(env.get(Entitlements.LICENSE))) {
      return Entitlements.LICENSE;
    }
    if (set(env.get(Entitlements.LICENSE_FILE))) {
      return Entitlements.LICENSE_FILE + " " + env.get(Entitlements.LICENSE_FILE).strip();
    }
    return null;
  }

  private static boolean set(String value) {
    return value != null && !value.isBlank();
  }
}
