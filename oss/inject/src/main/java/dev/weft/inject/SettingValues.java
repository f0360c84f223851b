package dev.weft.inject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The value checks proxy.json and the override annotations share, so that a value refused in one is
 * refused in the other with the same words. Each returns the value to use or throws an
 * IllegalArgumentException whose message is the expected form.
 */
final class SettingValues {
  static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
  static final String PORTS_EXPECTED =
      "comma-separated ports or ranges a-b in 1-65535, e.g. 25,3306,8000-8010, or empty";
  static final String DURATION_EXPECTED = "a positive duration such as 500ms, 10s, 2m or PT10S";
  static final String ZONE_EXPECTED =
      "a zone name such as us-east-1a: a letter or digit, then up to 62 letters, digits, '.', '_'"
          + " or '-'";
  static final String QUANTITY_EXPECTED =
      "a Kubernetes quantity such as 100m, 0.5, 64Mi or 1Gi, or empty for none";

  // The quantity forms a pod's resources accept (decimal or binary suffix, optional fraction).
  private static final Pattern QUANTITY =
      Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
  // The proxy's own check of its zone (its config key zone): a value it would refuse is never set.
  private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h)");
  private static final Pattern ISO_DURATION =
      Pattern.compile("PT([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?", Pattern.CASE_INSENSITIVE);

  private SettingValues() {}

  static String logLevel(String value) {
    if (!LOG_LEVELS.contains(value)) {
      throw new IllegalArgumentException("one of error, warn, info, debug, trace");
    }
    return value;
  }

  /**
   * A port list without spaces or repeats; {@code none} (the proxy's word for no ports) is kept.
   */
  static String ports(String value) {
    String trimmed = value.trim();
    if (trimmed.isEmpty() || trimmed.equals("none")) {
      return trimmed;
    }
    Set<String> parts = new LinkedHashSet<>();
    for (String raw : trimmed.split(",", -1)) {
      String part = raw.trim();
      int dash = part.indexOf('-');
      int lo = port(dash < 0 ? part : part.substring(0, dash));
      int hi = dash < 0 ? lo : port(part.substring(dash + 1));
      if (lo > hi) {
        throw new IllegalArgumentException(PORTS_EXPECTED);
      }
      parts.add(lo == hi ? Integer.toString(lo) : lo + "-" + hi);
    }
    return String.join(",", parts);
  }

  static String duration(String value) {
    boolean positive =
        (DURATION.matcher(value).matches() && value.chars().anyMatch(c -> c >= '1' && c <= '9'))
            || (ISO_DURATION.matcher(value).matches()
                && value.length() > 2
                && value.toUpperCase(Locale.ROOT).chars().anyMatch(c -> c >= '1' && c <= '9'));
    if (!positive) {
      throw new IllegalArgumentException(DURATION_EXPECTED);
    }
    return value;
  }

  static String quantity(String value) {
    if (!value.isEmpty() && !QUANTITY.matcher(value).matches()) {
      throw new IllegalArgumentException(QUANTITY_EXPECTED);
    }
    return value;
  }

  static String zone(String value) {
    if (!ZONE.matcher(value).matches()) {
      throw new IllegalArgumentException(ZONE_EXPECTED);
    }
    return value;
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // falls through to the message naming the expected form
    }
    throw new IllegalArgumentException(PORTS_EXPECTED);
  }
}
