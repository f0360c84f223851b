package dev.weft.licensing;

import dev.weft.spi.controlplane.ControlPlaneContext;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The license key a control plane runs with, found the same way by every enterprise control-plane
 * extension (the license report, HAZL), so they never disagree on whether a feature is entitled.
 *
 * <p>The key is WEFT_LICENSE or WEFT_LICENSE_FILE ({@link Entitlements#fromEnvironment()}); in
 * kubernetes mode, when neither is set, the value of key {@value #SECRET_KEY} in Secret {@value
 * #SECRET} of the control plane's namespace, which the weft-enterprise chart writes. When the
 * Secret cannot be read, the key last read is kept. Thread-safe; {@link #refresh} calls the API
 * server, everything else answers from the last refresh.
 */
public final class ControlPlaneLicense {
  public static final String SECRET = "weft-license";
  public static final String SECRET_KEY = "license";

  private static final System.Logger LOG = System.getLogger(ControlPlaneLicense.class.getName());

  private final Map<String, String> settings;
  private final Clock clock;

  // Guarded by this.
  private Entitlements entitlements;
  private String secretKey;
  private String lastSecretError;
  private LicenseStatus status;
  private String source = "none";
  private volatile String key;

  public ControlPlaneLicense(Map<String, String> settings, Clock clock) {
    this.settings = Map.copyOf(Objects.requireNonNull(settings, "settings"));
    this.clock = Objects.requireNonNull(clock, "clock");
    if (configured()) {
      entitlements = Entitlements.fromEnvironment(this.settings, clock);
    }
  }

  /** From the process environment and system properties, on the system clock. */
  public static ControlPlaneLicense fromEnvironment() {
    return new ControlPlaneLicense(Entitlements.settings(), Clock.systemUTC());
  }

  /** Reads the key again (the Secret, in kubernetes mode) and verifies it. Never throws. */
  public synchronized LicenseStatus refresh(ControlPlaneContext context) {
    if (configured()) {
      source = settings.containsKey(Entitlements.LICENSE) ? "WEFT_LICENSE" : "WEFT_LICENSE_FILE";
      status = entitlements.status();
      key = entitlements.key().map(String::strip).orElse(null);
    } else if (context.mode().equals("kubernetes")) {
      source = "secret " + context.namespace() + "/" + SECRET;
      status = fromSecret(context);
      key = secretKey == null ? null : secretKey.strip();
    } else {
      source = "none";
      status = Entitlements.fromEnvironment(Map.of(), clock).status();
      key = null;
    }
    return status;
  }

  /**
   * Where the last refresh found the key: WEFT_LICENSE, WEFT_LICENSE_FILE, {@code secret NS/NAME}
   * or {@code none}.
   */
  public synchronized String source() {
    return source;
  }

  /**
   * The key text the last refresh found (stripped), valid or not, or empty when there is none: what
   * injected proxies are given so that they verify the license themselves. Cheap: no I/O.
   */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** Whether {@code feature} is entitled by the key of the last refresh (dates checked now). */
  public synchronized Entitlement check(String feature) {
    Objects.requireNonNull(feature, "feature");
    if (entitlements == null) {
      LicenseStatus s =
          status != null
              ? status
              : LicenseStatus.refused(LicenseProblem.MISSING, "the license was not read yet");
      return new Entitlement(false, s.problem(), s.message(), false);
    }
    return entitlements.check(feature);
  }

  private boolean configured() {
    return present(Entitlements.LICENSE) || present(Entitlements.LICENSE_FILE);
  }

  private boolean present(String name) {
    String v = settings.get(name);
    return v != null && !v.isBlank();
  }

  private LicenseStatus fromSecret(ControlPlaneContext context) {
    try {
      String read = context.secret(SECRET, SECRET_KEY).filter(k -> !k.isBlank()).orElse(null);
      lastSecretError = null;
      if (read == null) {
        secretKey = null;
        entitlements = null;
        return LicenseStatus.refused(
            LicenseProblem.MISSING,
            "no license key configured: WEFT_LICENSE and WEFT_LICENSE_FILE are not set and Secret "
                + context.namespace()
                + "/"
                + SECRET
                + " has no key '"
                + SECRET_KEY
                + "'");
      }
      if (!read.equals(secretKey)) {
        Map<String, String> withKey = new HashMap<>(settings);
        withKey.put(Entitlements.LICENSE, read);
        entitlements = Entitlements.fromEnvironment(withKey, clock);
        secretKey = read;
      }
    } catch (RuntimeException e) {
      // The API server is unreachable: keep the key last read, say so once per distinct error.
      String error = "cannot read Secret " + context.namespace() + "/" + SECRET + ": " + e;
      if (!error.equals(lastSecretError)) {
        LOG.log(Level.WARNING, error);
        lastSecretError = error;
      }
      if (entitlements == null) {
        return LicenseStatus.refused(LicenseProblem.MISSING, error);
      }
    }
    return entitlements.status();
  }
}
