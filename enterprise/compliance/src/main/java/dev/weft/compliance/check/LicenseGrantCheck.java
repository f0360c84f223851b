package dev.weft.compliance.check;

import dev.weft.licensing.Entitlement;
import dev.weft.licensing.Entitlements;
import dev.weft.licensing.cluster.ClusterAccess;
import dev.weft.licensing.cluster.LicenseSecret;
import dev.weft.spi.cli.CheckResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether the license grants {@code compliance}. Never a failure: without the feature only signing
 * is refused ({@code keygen}, {@code attest}); traffic and {@code verify} are unaffected.
 */
final class LicenseGrantCheck {
  static final String FEATURE = "compliance";
  static final String DESCRIPTION = "the license grants compliance";
  private static final String CONSEQUENCE =
      ": weft compliance keygen and attest are refused; verify needs no license, traffic is not"
          + " affected";

  private final Clock clock;

  LicenseGrantCheck(Clock clock) {
    this.clock = clock;
  }

  /**
   * The license is looked for as the {@code license} group looks for it: {@code WEFT_LICENSE} or
   * {@code WEFT_LICENSE_FILE} on this machine, else Secret weft-license of the control plane's
   * namespace, which is what the cluster runs with.
   */
  CheckResult run(KubernetesClient client, String namespace, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    String source;
    if (set(env.get(Entitlements.LICENSE))) {
      source = Entitlements.LICENSE;
    } else if (set(env.get(Entitlements.LICENSE_FILE))) {
      source = Entitlements.LICENSE_FILE + " " + env.get(Entitlements.LICENSE_FILE).strip();
    } else {
      String key;
      try {
        key = LicenseSecret.read(client, namespace);
      } catch (KubernetesClientException e) {
        return CheckResult.warn(
            DESCRIPTION,
            LicenseSecret.describe(namespace)
                + " cannot be read ("
                + ClusterAccess.reason(e)
                + "): whether compliance is licensed is unknown; the license group says more");
      }
      if (!set(key)) {
        return CheckResult.warn(
            DESCRIPTION,
            "no license (no "
                + LicenseSecret.describe(namespace)
                + ", no "
                + Entitlements.LICENSE
                + ")"
                + CONSEQUENCE);
      }
      env.put(Entitlements.LICENSE, key);
      source = LicenseSecret.describe(namespace);
    }
    Entitlement grant = Entitlements.fromEnvironment(env, clock).check(FEATURE);
    if (!grant.entitled()) {
      return CheckResult.warn(DESCRIPTION, grant.reason() + " (" + source + ")" + CONSEQUENCE);
    }
    if (grant.warning()) {
      return CheckResult.warn(DESCRIPTION + " (" + source + ")", grant.reason());
    }
    return CheckResult.pass(DESCRIPTION + " (" + source + ")");
  }

  private static boolean set(String value) {
    return value != null && !value.isBlank();
  }
}
