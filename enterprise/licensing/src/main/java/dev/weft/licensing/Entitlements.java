package dev.weft.licensing;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the enterprise modules ask: is feature X entitled by the configured license? Never throws
 * for a bad or missing license: the answer says why not, in one line.
 *
 * <p>The key is given as WEFT_LICENSE (the key itself) or WEFT_LICENSE_FILE (a file holding it,
 * re-read when it changes, so a renewed key is picked up without a restart). Thread-safe; a check
 * is cheap after the first (the signature is verified once per key text).
 */
public final class Entitlements {
  public static final String LICENSE = "WEFT_LICENSE";
  public static final String LICENSE_FILE = "WEFT_LICENSE_FILE";
  public static final String GRACE = "WEFT_LICENSE_GRACE";
  public static final String EXTRA_PUBLIC_KEY = "WEFT_LICENSE_EXTRA_PUBLIC_KEY";

  private static final System.Logger LOG = System.getLogger(Entitlements.class.getName());

  private final LicenseVerifier verifier;
  private final Clock clock;
  private final String literalKey;
  private final Path file;

  // Guarded by this: the last key text read and its signature check.
  private String lastKey;
  private LicenseStatus lastSigned;
  private FileTime fileTime;
  private long fileSize = -1;
  private String fileKey;

  private Entitlements(LicenseVerifier verifier, Clock clock, String literalKey, Path file) {
    this.verifier = verifier;
    this.clock = clock;
    this.literalKey = literalKey;
    this.file = file;
  }

  /**
   * From the process environment, where a system property ({@code weft.license}, {@code
   * weft.license.file}, {@code weft.license.grace}, {@code weft.license.extra.public.key}) wins
   * over its variable.
   */
  public static Entitlements fromEnvironment() {
    return fromEnvironment(settings(), Clock.systemUTC());
  }

  /** The process environment with the system properties that win over it, as variable names. */
  static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>(System.getenv());
    for (String name : new String[] {LICENSE, LICENSE_FILE, GRACE, EXTRA_PUBLIC_KEY}) {
      String property = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
      if (property != null) {
        settings.put(name, property);
      }
    }
    return settings;
  }

  /**
   * From the given variables (WEFT_LICENSE, WEFT_LICENSE_FILE, WEFT_LICENSE_GRACE,
   * WEFT_LICENSE_EXTRA_PUBLIC_KEY). A bad grace or extra key is logged and ignored.
   */
  public static Entitlements fromEnvironment(Map<String, String> env, Clock clock) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(clock, "clock");
    TrustedKeys keys;
    try {
      keys = TrustedKeys.embedded();
    } catch (IllegalStateException e) {
      LOG.log(Level.ERROR, "no license can be verified: " + e.getMessage());
      keys = TrustedKeys.none();
    }
    String extra = blankToNull(env.get(EXTRA_PUBLIC_KEY));
    if (extra != null) {
      int eq = extra.indexOf('=');
      try {
        if (eq <= 0) {
          throw new IllegalArgumentException(
              EXTRA_PUBLIC_KEY + ": no '=' (expected: keyId=base64 of an SPKI public key)");
        }
        keys =
            keys.withExtra(
                extra.substring(0, eq).strip(),
                KeyPem.publicFromBase64(extra.substring(eq + 1), EXTRA_PUBLIC_KEY));
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, "ignored: " + e.getMessage());
      }
    }
    Duration grace = LicenseVerifier.DEFAULT_GRACE;
    String graceText = blankToNull(env.get(GRACE));
    if (graceText != null) {
      try {
        grace = parseDuration(graceText);
      } catch (IllegalArgumentException e) {
        LOG.log(Level.WARNING, GRACE + ": " + e.getMessage() + "; using " + grace.toDays() + "d");
      }
    }
    String key = blankToNull(env.get(LICENSE));
    String fileName = blankToNull(env.get(LICENSE_FILE));
    return new Entitlements(
        new LicenseVerifier(keys, clock, grace),
        clock,
        key,
        key == null && fileName != null ? Path.of(fileName) : null);
  }

  /** A fixed key (null: none), verified with the given verifier. */
  public static Entitlements ofKey(String key, LicenseVerifier verifier, Clock clock) {
    return new Entitlements(
        Objects.requireNonNull(verifier, "verifier"), Objects.requireNonNull(clock), key, null);
  }

  /** Whether {@code feature} (lower case, e.g. {@code hazl}) may be used. */
  public Entitlement check(String feature) {
    Objects.requireNonNull(feature, "feature");
    LicenseStatus s = status();
    if (!s.usable()) {
      return new Entitlement(false, s.problem(), s.message(), false);
    }
    License l = s.license();
    if (!l.features().contains(feature)) {
      return new Entitlement(
          false,
          LicenseProblem.FEATURE_NOT_IN_TIER,
          "feature '"
              + feature
              + "' is not in license "
              + l.id()
              + " (tier "
              + l.tier()
              + "; features: "
              + (l.features().isEmpty() ? "none" : String.join(", ", l.features()))
              + ")",
          false);
    }
    return new Entitlement(true, null, s.message(), s.inGrace());
  }

  /** The configured license now: re-reads the file if it changed, re-checks the dates. */
  public synchronized LicenseStatus status() {
    String key;
    if (literalKey != null) {
      key = literalKey;
    } else if (file != null) {
      try {
        key = readFile();
      } catch (NoSuchFileException e) {
        return LicenseStatus.refused(
            LicenseProblem.MISSING,
            "license file " + file + " (" + LICENSE_FILE + ") does not exist");
      } catch (IOException e) {
        return LicenseStatus.refused(
            LicenseProblem.MISSING,
            "license file " + file + " (" + LICENSE_FILE + ") cannot be read: " + e);
      }
      if (key.isBlank()) {
        return LicenseStatus.refused(
            LicenseProblem.MISSING, "license file " + file + " (" + LICENSE_FILE + ") is empty");
      }
    } else {
      return LicenseStatus.refused(
          LicenseProblem.MISSING,
          "no license key configured: set "
              + LICENSE
              + " to the key, or "
              + LICENSE_FILE
              + " to a file holding it");
    }
    if (!key.equals(lastKey)) {
      lastKey = key;
      lastSigned = verifier.verifySignature(key);
    }
    return lastSigned.usable()
        ? verifier.checkTime(lastSigned.license(), clock.instant())
        : lastSigned;
  }

  /**
   * The key text configured now (WEFT_LICENSE, or the file's content), valid or not; empty when
   * there is none or the file cannot be read.
   */
  synchronized Optional<String> key() {
    if (literalKey != null) {
      return Optional.of(literalKey);
    }
    if (file == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(readFile()).filter(k -> !k.isBlank());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private String readFile() throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    if (fileKey == null || !attrs.lastModifiedTime().equals(fileTime) || attrs.size() != fileSize) {
      fileKey = Files.readString(file, StandardCharsets.UTF_8);
      fileTime = attrs.lastModifiedTime();
      fileSize = attrs.size();
    }
    return fileKey;
  }

  /** {@code 30d}, {@code 12h}, {@code 90m}, {@code 0}, or ISO-8601 such as {@code P30D}. */
  static Duration parseDuration(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (s.startsWith("p")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } else if (s.equals("0")) {
        d = Duration.ZERO;
      } else {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        d =
            switch (s.charAt(s.length() - 1)) {
              case 'd' -> Duration.ofDays(n);
              case 'h' -> Duration.ofHours(n);
              case 'm' -> Duration.ofMinutes(n);
              case 's' -> Duration.ofSeconds(n);
              default -> throw new NumberFormatException();
            };
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (expected: 30d, 12h, 90m or P30D)", e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative (expected: >= 0)");
    }
    return d;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
