package dev.weft.proxy.balance;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code Retry-After} header (RFC 9110 section 10.2.3) into how long to leave the endpoint
 * alone. Stateless.
 */
public final class RetryAfter {
  /** The longest wait honoured: an endpoint may not take itself out of rotation for longer. */
  public static final Duration MAX = Duration.ofMinutes(5);

  private static final long MAX_SECONDS = MAX.toSeconds();

  private RetryAfter() {}

  /**
   * The wait {@code header} asks for, in nanoseconds, capped at {@link #MAX}: delta-seconds ({@code
   * 120}) or an HTTP-date in IMF-fixdate form ({@code Sun, 06 Nov 1994 08:49:37 GMT}), measured
   * from {@code now}. Anything else (absent, negative, a date in the past, garbage) is 0: a bad
   * header must not take an endpoint out of rotation.
   */
  public static long parseNanos(String header, Instant now) {
    if (header == null) {
      return 0;
    }
    String v = header.strip();
    if (v.isEmpty()) {
      return 0;
    }
    if (isDigits(v)) {
      // More digits than a long holds is still "a long time": cap it.
      long seconds = v.length() > 18 ? MAX_SECONDS : Math.min(Long.parseLong(v), MAX_SECONDS);
      return Duration.ofSeconds(seconds).toNanos();
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      if (wait.isNegative()) {
        return 0;
      }
      return (wait.compareTo(MAX) > 0 ? MAX : wait).toNanos();
    } catch (DateTimeParseException e) {
      return 0; // not a date we read: ignored, as documented
    }
  }

  private static boolean isDigits(String v) {
    for (int i = 0; i < v.length(); i++) {
      if (v.charAt(i) < '0' || v.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
