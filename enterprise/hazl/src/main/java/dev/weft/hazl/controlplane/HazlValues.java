package dev.weft.hazl.controlplane;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the HAZL values the control plane reads (ConfigMap values, Service annotations) with the
 * balancer's bounds, so that what it pushes is accepted by every proxy. Each error is an {@link
 * IllegalArgumentException} whose message names the key (the {@code key} argument), the value and
 * what was expected.
 */
final class HazlValues {
  static final double MAX_BAND = 1000;
  static final Duration MIN_DECAY = Duration.ofMillis(10);
  static final Duration MAX_DECAY = Duration.ofSeconds(60);

  // Helm renders very small or large floats with an exponent (1e-05), so one is accepted.
  private static final Pattern NUMBER = Pattern.compile("[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)");
  // A Kubernetes label value, as the proxies' parser (HazlConfig) wants it.
  private static final Pattern ZONE =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

  private HazlValues() {}

  /** {@code true} or {@code false}, in any case. */
  static boolean bool(String key, String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              key + ": '" + text + "' (expected: \"true\" or \"false\")");
    };
  }

  /** One end of the band: a number > 0 and <= 1000 ({@code expected} says what else it must be). */
  static double bandEnd(String key, String text, String expected) {
    String s = text.strip();
    double d = NUMBER.matcher(s).matches() ? Double.parseDouble(s) : Double.NaN;
    if (!(d > 0 && d <= MAX_BAND)) {
      throw new IllegalArgumentException(key + ": '" + text + "' (expected: " + expected + ")");
    }
    return d;
  }

  /** The message of a band whose low end is not below its high end, naming {@code key}. */
  static String notBelow(String key, double low, double high) {
    return key
        + ": '"
        + plain(low)
        + "' (expected: a number > 0 and < band.high, which is "
        + plain(high)
        + ")";
  }

  /** Zone names separated by commas, nearest first; blank is none. No duplicates. */
  static List<String> zoneOrder(String key, String text) {
    if (text.isBlank()) {
      return List.of();
    }
    List<String> zones = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] parts = text.split(",", -1);
    for (int i = 0; i < parts.length; i++) {
      String zone = parts[i].strip();
      String problem =
          zone.isEmpty()
              ? "entry " + (i + 1) + " is empty"
              : !ZONE.matcher(zone).matches()
                  ? "'" + zone + "' is not a zone name"
                  : !seen.add(zone) ? "'" + zone + "' is listed twice" : null;
      if (problem != null) {
        throw new IllegalArgumentException(
            key
                + ": '"
                + text
                + "' (expected: zone names separated by commas, each "
                + ZONE.pattern()
                + "; "
                + problem
                + ")");
      }
      zones.add(zone);
    }
    return List.copyOf(zones);
  }

  /** A duration such as {@code 500ms}, {@code 1s} or {@code 2m}, from 10ms to 60s. */
  static Duration decay(String key, String text) {
    Matcher m = DURATION.matcher(text.strip());
    Duration d = null;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
          };
    }
    if (d == null || d.compareTo(MIN_DECAY) < 0 || d.compareTo(MAX_DECAY) > 0) {
      throw new IllegalArgumentException(
          key
              + ": '"
              + text
              + "' (expected: a duration such as 500ms, 1s or 2m, from 10ms to 60s)");
    }
    return d;
  }

  /** A number as plain decimal text ({@code 0.8}, {@code 2}, {@code 0.00001}): no exponent. */
  static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** A duration as the balancer reads it: whole seconds as {@code Ns}, else {@code Nms}. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
