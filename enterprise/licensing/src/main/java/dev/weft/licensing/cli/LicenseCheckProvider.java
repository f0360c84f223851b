package dev.weft.licensing.cli;

import dev.weft.licensing.Entitlements;
import dev.weft.licensing.License;
import dev.weft.licensing.LicenseProblem;
import dev.weft.licensing.LicenseStatus;
import dev.weft.licensing.cluster.ClusterAccess;
import dev.weft.licensing.cluster.LicenseSecret;
import dev.weft.licensing.cluster.MeshedFleet;
import dev.weft.spi.Availability;
import dev.weft.spi.cli.CheckContext;
import dev.weft.spi.cli.CheckProvider;
import dev.weft.spi.cli.CheckResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code license} group of {@code weft check}: whether a key is there, verifies, is in its
 * validity period, and whether the meshed fleet is within its {@code meshedWorkloads} limit. Always
 * available: checking a license needs no license.
 */
public final class LicenseCheckProvider implements CheckProvider {
  static final Duration EXPIRY_WARNING = Duration.ofDays(30);

  private final Clock clock;

  public LicenseCheckProvider() {
    this(Clock.systemUTC());
  }

  public LicenseCheckProvider(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return "license";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public String group() {
    return "license";
  }

  @Override
  public List<CheckResult> run(CheckContext context) {
    List<CheckResult> results = new ArrayList<>();
    String ns = context.namespace();
    try (KubernetesClient client =
        ClusterAccess.connect(context.kubeconfig(), context.kubeContext())) {
      Map<String, String> env = new HashMap<>(context.environment());
      String source = LicenseSources.local(env);
      if (source == null) {
        String key;
        try {
          key = LicenseSecret.read(client, ns);
        } catch (KubernetesClientException e) {
          results.add(
              CheckResult.fail(
                  "the license Secret can be read",
                  LicenseSecret.describe(ns)
                      + " cannot be read ("
                      + ClusterAccess.reason(e)
                      + "): check your permissions (kubectl auth can-i get secrets -n "
                      + ns
                      + ")"));
          return results;
        }
        if (key == null || key.isBlank()) {
          results.add(absent(ns, "no " + LicenseSecret.describe(ns) + ", no WEFT_LICENSE"));
          return results;
        }
        env.put(Entitlements.LICENSE, key);
        source = LicenseSecret.describe(ns);
      }
      LicenseStatus status = Entitlements.fromEnvironment(env, clock).status();
      if (status.problem() == LicenseProblem.MISSING) {
        results.add(absent(ns, status.message()));
        return results;
      }
      results.add(CheckResult.pass("a license key is present (" + source + ")"));
      if (status.problem() == LicenseProblem.MALFORMED
          || status.problem() == LicenseProblem.UNKNOWN_KEY
          || status.problem() == LicenseProblem.SIGNATURE_INVALID) {
        results.add(
            CheckResult.fail(
                "the license key is well formed and its signature verifies",
                status.message() + ": use the key exactly as issued, or ask for a new one"));
        return results;
      }
      results.add(CheckResult.pass("the license key is well formed and its signature verifies"));
      if (!status.usable()) {
        results.add(
            CheckResult.fail(
                "the license is valid for at least 30 days",
                status.message() + ": renew it (enterprise features are off)"));
        return results;
      }
      results.add(validity(status));
      results.add(fleet(client, status.license()));
    }
    return results;
  }

  private static CheckResult absent(String ns, String why) {
    return CheckResult.warn(
        "a license key is present",
        "no license ("
            + why
            + "): enterprise features off, the open-source mesh works; to add one: helm install"
            + " weft-enterprise helm/weft-enterprise -n "
            + ns
            + " --set-file license.key=FILE");
  }

  private CheckResult validity(LicenseStatus status) {
    String what = "the license is valid for at least 30 days";
    if (status.inGrace()) {
      return CheckResult.warn(what, status.message());
    }
    Instant expires = status.license().expiresAt();
    Duration left = Duration.between(clock.instant(), expires);
    if (left.compareTo(EXPIRY_WARNING) < 0) {
      return CheckResult.warn(
          what,
          "license "
              + status.license().id()
              + " expires on "
              + expires
              + " (in "
              + left.toDays()
              + " days): renew it");
    }
    return CheckResult.pass(what);
  }

  private static CheckResult fleet(KubernetesClient client, License license) {
    String what = "the meshed fleet is within the license's limit";
    Long limit =
        license.meshedWorkloads().isPresent() ? license.meshedWorkloads().getAsLong() : null;
    MeshedFleet fleet;
    try {
      fleet = MeshedFleet.count(client);
    } catch (KubernetesClientException e) {
      return CheckResult.warn(
          what,
          "the meshed pods cannot be listed ("
              + ClusterAccess.reason(e)
              + "): check your permissions (kubectl auth can-i list pods -A)");
    }
    if (fleet.over(limit)) {
      return CheckResult.warn(
          what,
          "usage: "
              + fleet.usage(limit)
              + ", over license "
              + license.id()
              + "'s limit: traffic is not affected; ask for a license with a larger limit");
    }
    return CheckResult.pass(what + " (" + fleet.usage(limit) + ")");
  }
}
