package dev.weft.licensing;

import dev.weft.spi.Availability;
import dev.weft.spi.controlplane.ControlPlaneContext;
import dev.weft.spi.controlplane.ControlPlaneExtension;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The license in the enterprise control plane: which key is configured, whether it is valid, and
 * the fleet's meshed workloads against its limit, as gauges ({@code weft_license_*}) and a status
 * at {@code /v1/extensions/license}. It only observes: an invalid key or a fleet over its limit is
 * reported (a WARNING once per transition), never acted on, so traffic is never touched.
 *
 * <p>The key comes from WEFT_LICENSE or WEFT_LICENSE_FILE ({@link Entitlements#fromEnvironment()});
 * in kubernetes mode, when neither is set, from Secret {@value #SECRET} (key {@value #SECRET_KEY})
 * in the control plane's namespace, which the weft-enterprise chart writes ({@link
 * ControlPlaneLicense}). Everything is re-evaluated every {@link #PERIOD} on a thread of its own;
 * gauges and the status read the last result. The key found is given to every proxy injected from
 * then on as WEFT_LICENSE.
 */
public final class LicenseExtension implements ControlPlaneExtension {
  public static final String SECRET = ControlPlaneLicense.SECRET;
  public static final String SECRET_KEY = ControlPlaneLicense.SECRET_KEY;
  public static final Duration PERIOD = Duration.ofSeconds(60);

  private static final System.Logger LOG = System.getLogger(LicenseExtension.class.getName());

  private final ControlPlaneLicense license;
  private final Duration period;

  private volatile ControlPlaneContext context;
  private volatile LicenseReport report;
  private ScheduledExecutorService refresher;

  // Guarded by this: what was last logged.
  private boolean warnedOver;
  private String loggedProblem = "";

  /** What ServiceLoader makes: settings from the process environment, the system clock. */
  public LicenseExtension() {
    this(Entitlements.settings(), Clock.systemUTC(), PERIOD);
  }

  LicenseExtension(Map<String, String> settings, Clock clock, Duration period) {
    this.license = new ControlPlaneLicense(settings, clock);
    this.period = Objects.requireNonNull(period, "period");
  }

  @Override
  public String name() {
    return "license";
  }

  @Override
  public int priority() {
    return 0;
  }

  /** Always: reporting that there is no valid license is part of its job. */
  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public void start(ControlPlaneContext context) {
    this.context = Objects.requireNonNull(context, "context");
    refresh();
    // Injected proxies verify the license themselves (the HAZL balancer asks them): the key is
    // signed, not secret, so it may sit in pod specs.
    context.proxyEnvironment(Entitlements.LICENSE, license::key);
    context.gauge(
        "weft_license_valid",
        "1 when the configured license key is valid (or expired within its grace period), else 0",
        () -> report.status().usable() ? 1 : 0);
    context.gauge(
        "weft_license_expiry_timestamp_seconds",
        "When the license expires (grace period not included), seconds since the epoch; NaN"
            + " without a valid license",
        () -> {
          License l = report.status().license();
          return l == null ? Double.NaN : l.expiresAt().getEpochSecond();
        });
    context.gauge(
        "weft_license_meshed_workloads_limit",
        "The license's limit of meshed workloads; NaN when unlimited or without a valid license",
        () -> {
          License l = report.status().license();
          return l == null || l.meshedWorkloads().isEmpty()
              ? Double.NaN
              : l.meshedWorkloads().getAsLong();
        });
    context.gauge(
        "weft_license_over_limit",
        "1 when the fleet's meshed workloads exceed the license's limit (a warning; traffic is"
            + " not affected)",
        () -> report.overLimit() ? 1 : 0);
    context.status("license", () -> report.json());
    refresher =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "weft-license-refresh");
          t.setDaemon(true);
          return t;
        });
    refresher.scheduleWithFixedDelay(
        this::refreshQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }

  /** The last evaluation (for tests and the status). */
  LicenseReport report() {
    return report;
  }

  /** Reads the key (the Secret, in kubernetes mode), verifies it, compares the fleet. */
  synchronized void refresh() {
    LicenseStatus status = license.refresh(context);
    int meshed = context.meshedWorkloads().getAsInt();
    License l = status.license();
    boolean over =
        l != null && l.meshedWorkloads().isPresent() && meshed > l.meshedWorkloads().getAsLong();
    report = new LicenseReport(status, license.source(), meshed, over);
    logTransitions(status, l, meshed, over);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The next period tries again; the gauges keep the last evaluation meanwhile.
      LOG.log(Level.WARNING, "license check failed: " + e);
    }
  }

  private void logTransitions(LicenseStatus status, License l, int meshed, boolean over) {
    String problem = status.usable() ? (status.inGrace() ? "grace" : "") : status.message();
    if (!problem.equals(loggedProblem)) {
      if (status.usable()) {
        LOG.log(
            status.inGrace() ? Level.WARNING : Level.INFO,
            "license " + l.id() + " (" + l.customer() + "): " + status.message());
      } else {
        LOG.log(Level.WARNING, "no valid license: " + status.message());
      }
      loggedProblem = problem;
    }
    if (over && !warnedOver) {
      LOG.log(
          Level.WARNING,
          "the mesh has "
              + meshed
              + " meshed workloads, over the limit of "
              + l.meshedWorkloads().getAsLong()
              + " in license "
              + l.id()
              + " (traffic is not affected; contact the vendor to raise the limit)");
    } else if (!over && warnedOver) {
      LOG.log(
          Level.INFO,
          "the mesh's meshed workloads (" + meshed + ") are within the license's limit again");
    }
    warnedOver = over;
  }
}
