package dev.weft.proxy.balance;

import dev.weft.spi.ConfigResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration of the {@code p2c-peak-ewma} balancer. Immutable.
 *
 * @param defaultRtt the latency assumed of an endpoint that has not answered yet; > 0
 * @param decay the time constant with which a latency estimate moves down towards newer, lower
 *     observations (and, while an endpoint is idle, towards zero); > 0
 */
public record PeakEwmaConfig(Duration defaultRtt, Duration decay) {
  public static final PeakEwmaConfig DEFAULT =
      new PeakEwmaConfig(Duration.ofMillis(30), Duration.ofSeconds(10));

  private static final Set<String> KEYS = Set.of("default-rtt", "decay");

  public PeakEwmaConfig {
    Objects.requireNonNull(defaultRtt, "defaultRtt");
    Objects.requireNonNull(decay, "decay");
    if (defaultRtt.isNegative() || defaultRtt.isZero()) {
      throw new IllegalArgumentException("defaultRtt: " + defaultRtt + " (expected: > 0)");
    }
    if (decay.isNegative() || decay.isZero()) {
      throw new IllegalArgumentException("decay: " + decay + " (expected: > 0)");
    }
  }

  /**
   * Parses the keys {@code default-rtt} and {@code decay} (durations such as {@code 30ms}, {@code
   * 10s}, {@code 1m}); absent keys take their defaults. Unknown keys and bad values are errors
   * naming the key, e.g. {@code decay: '-1s' (expected: a duration > 0 such as 10s)}.
   */
  public static ConfigResult<PeakEwmaConfig> parse(Map<String, String> config) {
    List<String> errors = new ArrayList<>();
    // Sorted so that errors come out in the same order every time.
    for (String key : new TreeMap<>(config).keySet()) {
      if (!KEYS.contains(key)) {
        errors.add(key + ": unknown key (expected: one of default-rtt, decay)");
      }
    }
    Duration defaultRtt = duration(config, "default-rtt", "30ms", DEFAULT.defaultRtt(), errors);
    Duration decay = duration(config, "decay", "10s", DEFAULT.decay(), errors);
    return errors.isEmpty()
        ? ConfigResult.ok(new PeakEwmaConfig(defaultRtt, decay))
        : ConfigResult.errors(errors);
  }

  private static Duration duration(
      Map<String, String> config,
      String key,
      String example,
      Duration fallback,
      List<String> errors) {
    String v = config.get(key);
    if (v == null) {
      return fallback;
    }
    Duration d = parseDuration(v.strip());
    if (d == null || d.isNegative() || d.isZero()) {
      errors.add(key + ": '" + v + "' (expected: a duration > 0 such as " + example + ")");
      return fallback;
    }
    return d;
  }

  /** {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h}; null when it is not one of those. */
  static Duration parseDuration(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    int unitAt = s.endsWith("ms") ? s.length() - 2 : s.length() - 1;
    if (unitAt < 1) {
      return null;
    }
    for (int i = 0; i < unitAt; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null; // also refuses a sign: durations here are never negative
      }
    }
    try {
      long n = Long.parseLong(s, 0, unitAt, 10);
      return switch (s.substring(unitAt)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> null;
      };
    } catch (NumberFormatException | ArithmeticException e) {
      return null; // too many digits
    }
  }
}
