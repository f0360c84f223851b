package dev.weft.hazl.controlplane;

import dev.weft.licensing.ControlPlaneLicense;
import dev.weft.licensing.Entitlement;
import dev.weft.licensing.LicenseProblem;
import dev.weft.spi.Availability;
import dev.weft.spi.controlplane.ControlPlaneContext;
import dev.weft.spi.controlplane.ControlPlaneExtension;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns HAZL on for a cluster: reads ConfigMap {@value HazlConfigMap#NAME} of the control plane's
 * namespace (which the weft-enterprise chart writes from its {@code hazl.*} values) and, when it
 * says {@code enabled: "true"}, its values are valid and the license entitles {@code hazl}, answers
 * {@code hazl} with that configuration as the balancer of every service whose policy names none
 * (Service annotations {@code hazl.weft.dev/*} adjust or turn it off per service). Proxies then
 * build the HAZL balancer themselves; a proxy whose own license check fails falls back to its
 * default balancer, so traffic never depends on this extension.
 *
 * <p>Everything is read again every {@link #PERIOD} on a daemon thread of its own; a change of what
 * is answered re-sends every watched service's policy. A bad value keeps the last valid
 * configuration and is reported naming its key. Status at {@code /v1/extensions/hazl}, gauge {@code
 * weft_hazl_enabled}.
 */
public final class HazlExtension implements ControlPlaneExtension {
  public static final Duration PERIOD = Duration.ofSeconds(10);
  static final String FEATURE = "hazl";

  private static final System.Logger LOG = System.getLogger(HazlExtension.class.getName());

  private final Function<ControlPlaneContext, HazlConfigMap.Reader> configMap;
  private final Function<ControlPlaneContext, Entitlement> entitlement;
  private final Duration period;
  private final HazlChooser chooser = new HazlChooser();

  private volatile ControlPlaneContext context;
  private volatile HazlStatus status;
  private ScheduledExecutorService refresher;

  // Guarded by this: the last valid configuration, what is answered, what was last logged.
  private HazlSettings lastValid;
  private HazlSettings active;
  private List<String> loggedProblems = List.of();

  /** What ServiceLoader makes: the context's ConfigMap, the control plane's license, every 10 s. */
  public HazlExtension() {
    this(
        context -> key -> context.configMap(HazlConfigMap.NAME, key),
        licenseCheck(ControlPlaneLicense.fromEnvironment()),
        PERIOD);
  }

  /**
   * @param configMap the reader of ConfigMap {@code weft-hazl} in the given control plane
   * @param entitlement asked at each refresh whether the license entitles {@code hazl}
   * @param period between refreshes, on the extension's own thread
   */
  HazlExtension(
      Function<ControlPlaneContext, HazlConfigMap.Reader> configMap,
      Function<ControlPlaneContext, Entitlement> entitlement,
      Duration period) {
    this.configMap = Objects.requireNonNull(configMap, "configMap");
    this.entitlement = Objects.requireNonNull(entitlement, "entitlement");
    this.period = Objects.requireNonNull(period, "period");
  }

  // The key is where the license extension finds it (WEFT_LICENSE, WEFT_LICENSE_FILE, else the
  // weft-license Secret in kubernetes mode), so both agree on what is entitled.
  static Function<ControlPlaneContext, Entitlement> licenseCheck(ControlPlaneLicense license) {
    return context -> {
      license.refresh(context);
      return license.check(FEATURE);
    };
  }

  @Override
  public String name() {
    return "hazl";
  }

  @Override
  public int priority() {
    return 0;
  }

  /** Always: saying why HAZL is off (no license, not enabled) is part of its job. */
  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public void start(ControlPlaneContext context) {
    this.context = Objects.requireNonNull(context, "context");
    context.balancerDefaults(chooser);
    refresh();
    context.gauge(
        "weft_hazl_enabled",
        "1 while the control plane tells proxies to balance with HAZL (enabled by ConfigMap"
            + " weft-hazl, valid, and entitled by the license), else 0",
        () -> status.enabled() ? 1 : 0);
    context.status("hazl", () -> withServices(status).json());
    refresher =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "weft-hazl-refresh");
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

  /** The last evaluation, with the services whose annotations are ignored now. */
  HazlStatus status() {
    return withServices(status);
  }

  /** Reads the ConfigMap and the license; answers HAZL or not from now on. */
  synchronized void refresh() {
    String where = context.namespace() + "/" + HazlConfigMap.NAME;
    List<String> problems;
    boolean empty = false;
    try {
      HazlConfigMap.Reading reading = HazlConfigMap.read(configMap.apply(context));
      problems = reading.problems();
      empty = reading.empty();
      if (reading.settings() != null) {
        lastValid = reading.settings();
      }
    } catch (RuntimeException e) {
      // The API server is unreachable: what was read last stays in use.
      problems = List.of("cannot read ConfigMap " + where + ": " + e.getMessage());
    }
    Entitlement ent;
    try {
      ent = entitlement.apply(context);
    } catch (RuntimeException e) {
      ent = new Entitlement(false, LicenseProblem.MISSING, "license check failed: " + e, false);
    }
    String reason = reason(where, empty, problems, ent);
    HazlSettings now = reason == null ? lastValid : null;
    HazlSettings shown = lastValid != null ? lastValid : HazlSettings.DEFAULTS;
    status = new HazlStatus(now != null, reason, ent.reason(), where, shown, problems, Map.of());
    logProblems(where, problems);
    if (!Objects.equals(now, active)) {
      active = now;
      chooser.activate(now);
      LOG.log(
          Level.INFO,
          now != null
              ? "HAZL on: services without a balancer of their own use hazl " + now.balancerConfig()
              : "HAZL off: " + reason);
      context.policiesChanged();
    }
  }

  /** Why HAZL is off, or null when it is on. */
  private String reason(String where, boolean empty, List<String> problems, Entitlement ent) {
    if (lastValid == null) {
      return "ConfigMap " + where + " was never read with valid values (see problems)";
    }
    if (!lastValid.enabled()) {
      if (empty && problems.isEmpty()) {
        return context.mode().equals("kubernetes")
            ? "not enabled: ConfigMap "
                + where
                + " does not exist or is empty (the weft-enterprise chart writes it with"
                + " hazl.enabled=true)"
            : "not enabled: local mode has no ConfigMap (name the balancer of a service instead,"
                + " e.g. weft up --balancer hazl)";
      }
      return "not enabled: ConfigMap " + where + " says enabled: \"false\"";
    }
    if (!ent.entitled()) {
      return "not entitled: " + ent.reason();
    }
    return null;
  }

  private void logProblems(String where, List<String> problems) {
    if (!problems.equals(loggedProblems)) {
      if (!problems.isEmpty()) {
        LOG.log(
            Level.WARNING,
            "HAZL: ConfigMap "
                + where
                + ": "
                + String.join("; ", problems)
                + (lastValid != null ? " (the last valid configuration stays in use)" : ""));
      }
      loggedProblems = problems;
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The next period tries again; the proxies keep what they were told meanwhile.
      LOG.log(Level.WARNING, "HAZL refresh failed: " + e);
    }
  }

  private HazlStatus withServices(HazlStatus s) {
    return new HazlStatus(
        s.enabled(),
        s.reason(),
        s.license(),
        s.configMap(),
        s.settings(),
        s.problems(),
        chooser.serviceProblems());
  }
}
