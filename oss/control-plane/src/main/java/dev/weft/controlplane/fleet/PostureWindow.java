package dev.weft.controlplane.fleet;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A posture window written Go-style: {@code 30s}, {@code 15m}, {@code 1h}, {@code 1h30m}; more than
 * 0 and at most 24 hours, the samples' retention.
 */
record PostureWindow(String text, Duration duration) {
  static final Duration MAX = InstanceRecord.RETENTION;
  private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:h|m|s|ms))+");
  private static final Pattern PART = Pattern.compile("(\\d{1,9})(h|ms|m|s)");

  /** Parses {@code text}; an {@link IllegalArgumentException} names the parameter and value. */
  static PostureWindow parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw invalid(text);
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long n = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
              });
    }
    if (total.isZero() || total.compareTo(MAX) > 0) {
      throw invalid(text);
    }
    return new PostureWindow(text, total);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "window: '"
            + text
            + "' (expected: a duration such as 30s, 15m, 1h or 24h, more than 0 and at most 24h)");
  }
}
