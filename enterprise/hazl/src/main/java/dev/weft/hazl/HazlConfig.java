package dev.weft.hazl;

import dev.weft.spi.ConfigResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration of the {@code hazl} balancer. Immutable.
 *
 * @param bandLow below this load (in-flight requests per active endpoint) a zone is removed, if the
 *     load on the remaining endpoints would stay below {@code bandHigh}; > 0 and < {@code bandHigh}
 * @param bandHigh above this load a zone is added; <= {@value #MAX_BAND}
 * @param zoneOrder the zones nearest first, after the proxy's own; the others follow by name
 * @param loadDecay the time constant with which the load is smoothed; {@code 10ms}..{@code 60s}
 */
public record HazlConfig(
    double bandLow, double bandHigh, List<String> zoneOrder, Duration loadDecay) {
  public static final double MAX_BAND = 1000;
  public static final Duration MIN_DECAY = Duration.ofMillis(10);
  public static final Duration MAX_DECAY = Duration.ofSeconds(60);
  public static final HazlConfig DEFAULT =
      new HazlConfig(0.8, 2.0, List.of(), Duration.ofSeconds(1));

  public static final String BAND_LOW = "band.low";
  public static final String BAND_HIGH = "band.high";
  public static final String ZONE_ORDER = "zone.order";
  public static final String LOAD_DECAY = "load.decay";

  private static final Set<String> KEYS = Set.of(BAND_LOW, BAND_HIGH, ZONE_ORDER, LOAD_DECAY);

  // A Kubernetes label value, which is what a zone name is (topology.kubernetes.io/zone).
  private static final Pattern ZONE =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

  public HazlConfig {
    Objects.requireNonNull(zoneOrder, "zoneOrder");
    Objects.requireNonNull(loadDecay, "loadDecay");
    zoneOrder = List.copyOf(zoneOrder);
    if (!(bandLow > 0)) {
      throw new IllegalArgumentException("bandLow: " + bandLow + " (expected: > 0)");
    }
    if (!(bandHigh > bandLow && bandHigh <= MAX_BAND)) {
      throw new IllegalArgumentException(
          "bandHigh: "
              + bandHigh
              + " (expected: > bandLow "
              + bandLow
              + " and <= "
              + MAX_BAND
              + ")");
    }
    if (loadDecay.compareTo(MIN_DECAY) < 0 || loadDecay.compareTo(MAX_DECAY) > 0) {
      throw new IllegalArgumentException("loadDecay: " + loadDecay + " (expected: 10ms..60s)");
    }
    if (new LinkedHashSet<>(zoneOrder).size() != zoneOrder.size()) {
      throw new IllegalArgumentException("zoneOrder: " + zoneOrder + " (expected: distinct zones)");
    }
  }

  /**
   * Parses the keys {@code band.low}, {@code band.high} (numbers), {@code zone.order} (zone names
   * separated by commas) and {@code load.decay} (a duration such as {@code 500ms}, {@code 1s},
   * {@code 2m}); absent keys take their defaults. Unknown keys and bad values are errors naming the
   * key, e.g. {@code band.low: '-1' (expected: a number > 0 and < band.high)}.
   */
  public static ConfigResult<HazlConfig> parse(Map<String, String> config) {
    Objects.requireNonNull(config, "config");
    List<String> errors = new ArrayList<>();
    // Sorted so that errors come out in the same order every time.
    for (String key : new TreeMap<>(config).keySet()) {
      if (!KEYS.contains(key)) {
        errors.add(
            key + ": unknown key (expected: one of band.low, band.high, zone.order, load.decay)");
      }
    }
    Double low = number(config.get(BAND_LOW), DEFAULT.bandLow());
    Double high = number(config.get(BAND_HIGH), DEFAULT.bandHigh());
    if (low == null || !(low > 0) || low >= MAX_BAND) {
      errors.add(bandLowError(config));
      low = null;
    }
    if (high == null || !(high > 0) || high > MAX_BAND) {
      errors.add(bandHighError(config));
      high = null;
    }
    if (low != null && high != null && low >= high) {
      // The key given names the mistake; when both are, band.low is the one said to be too big.
      errors.add(config.containsKey(BAND_LOW) ? bandLowError(config) : bandHighError(config));
    }
    List<String> zones = zones(config.get(ZONE_ORDER), errors);
    Duration decay = decay(config.get(LOAD_DECAY), errors);
    return errors.isEmpty()
        ? ConfigResult.ok(new HazlConfig(low, high, zones, decay))
        : ConfigResult.errors(errors);
  }

  /** The keys and values that {@link #parse} reads back as this configuration. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(BAND_LOW, plain(bandLow));
    m.put(BAND_HIGH, plain(bandHigh));
    if (!zoneOrder.isEmpty()) {
      m.put(ZONE_ORDER, String.join(",", zoneOrder));
    }
    m.put(LOAD_DECAY, loadDecay.toMillis() + "ms");
    return m;
  }

  // Never in exponent notation, which parse refuses.
  static String plain(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String bandLowError(Map<String, String> config) {
    return BAND_LOW + ": '" + config.get(BAND_LOW) + "' (expected: a number > 0 and < band.high)";
  }

  private static String bandHighError(Map<String, String> config) {
    return BAND_HIGH
        + ": '"
        + config.get(BAND_HIGH)
        + "' (expected: a number > band.low and <= "
        + (int) MAX_BAND
        + ")";
  }

  /** The number, the fallback when absent, null when it is not a finite decimal number. */
  private static Double number(String v, double fallback) {
    if (v == null) {
      return fallback;
    }
    String s = v.strip();
    // Only plain decimals: Double.parseDouble would also take "NaN", "1e3", "0x1p3" or "2d".
    if (!s.matches("[+-]?[0-9]+(\\.[0-9]+)?|[+-]?\\.[0-9]+")) {
      return null;
    }
    return Double.parseDouble(s);
  }

  private static List<String> zones(String v, List<String> errors) {
    if (v == null) {
      return DEFAULT.zoneOrder();
    }
    LinkedHashSet<String> zones = new LinkedHashSet<>();
    for (String part : v.split(",", -1)) {
      String zone = part.strip();
      if (zone.isEmpty() && v.isBlank()) {
        continue; // an empty order is the default
      }
      if (!ZONE.matcher(zone).matches() || !zones.add(zone)) {
        errors.add(
            ZONE_ORDER
                + ": '"
                + v
                + "' (expected: distinct zone names separated by commas, such as"
                + " zone-b,zone-c)");
        return DEFAULT.zoneOrder();
      }
    }
    return List.copyOf(zones);
  }

  private static Duration decay(String v, List<String> errors) {
    if (v == null) {
      return DEFAULT.loadDecay();
    }
    Duration d = parseDuration(v.strip());
    if (d == null || d.compareTo(MIN_DECAY) < 0 || d.compareTo(MAX_DECAY) > 0) {
      errors.add(
          LOAD_DECAY
              + ": '"
              + v
              + "' (expected: a duration from 10ms to 60s, such as 500ms or 1s)");
      return DEFAULT.loadDecay();
    }
    return d;
  }

  /** {@code 250ms}, {@code 2s}, {@code 1m}; null when it is not one of those. */
  static Duration parseDuration(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    int unitAt = s.endsWith("ms") ? s.length() - 2 : s.length() - 1;
    if (unitAt < 1) {
      return null;
    }
    for (int i = 0; i < unitAt; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null; // also refuses a sign: a decay is never negative
      }
    }
    try {
      long n = Long.parseLong(s, 0, unitAt, 10);
      return switch (s.substring(unitAt)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> null;
      };
    } catch (NumberFormatException | ArithmeticException e) {
      return null; // too many digits
    }
  }
}
