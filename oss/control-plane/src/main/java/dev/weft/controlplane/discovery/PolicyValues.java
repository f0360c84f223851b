package dev.weft.controlplane.discovery;

import com.google.protobuf.Duration;
import dev.weft.api.destination.v1.StatusRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value syntax shared by the registry file and Kubernetes annotations: durations ({@code
 * 250ms}, {@code 2s}, {@code 1m}, {@code 1h30m}), sizes ({@code 65536}, {@code 64KiB}), HTTP status
 * sets ({@code 5xx,429,500-504,gateway-error}) and gRPC codes ({@code unavailable,4}). Each parser
 * throws {@link IllegalArgumentException} whose message names the bad value and what was expected.
 */
public final class PolicyValues {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)(KiB|MiB|GiB)?");
  private static final Map<String, Integer> GRPC_CODES =
      Map.ofEntries(
          Map.entry("ok", 0),
          Map.entry("cancelled", 1),
          Map.entry("unknown", 2),
          Map.entry("invalid-argument", 3),
          Map.entry("deadline-exceeded", 4),
          Map.entry("not-found", 5),
          Map.entry("already-exists", 6),
          Map.entry("permission-denied", 7),
          Map.entry("resource-exhausted", 8),
          Map.entry("failed-precondition", 9),
          Map.entry("aborted", 10),
          Map.entry("out-of-range", 11),
          Map.entry("unimplemented", 12),
          Map.entry("internal", 13),
          Map.entry("unavailable", 14),
          Map.entry("data-loss", 15),
          Map.entry("unauthenticated", 16));

  private PolicyValues() {}

  /** {@code 250ms}, {@code 2s}, {@code 1m}, {@code 1h30m}; at least 1 ms. */
  public static Duration duration(String text) {
    Matcher matcher = DURATION.matcher(text);
    long millis = 0;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      millis +=
          switch (matcher.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
          };
      end = matcher.end();
    }
    if (text.isEmpty() || end != text.length() || millis <= 0) {
      throw new IllegalArgumentException(
          "duration '" + text + "' (expected: a positive duration such as 250ms, 2s, 1m or 1h30m)");
    }
    return Duration.newBuilder()
        .setSeconds(millis / 1000)
        .setNanos((int) (millis % 1000) * 1_000_000)
        .build();
  }

  /** {@code 65536}, {@code 64KiB}, {@code 1MiB}; at most 2 GiB - 1. */
  public static int size(String text) {
    Matcher matcher = SIZE.matcher(text);
    if (matcher.matches()) {
      long value = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2);
      long bytes =
          unit == null
              ? value
              : value
                  * switch (unit) {
                    case "KiB" -> 1024L;
                    case "MiB" -> 1024L * 1024;
                    default -> 1024L * 1024 * 1024;
                  };
      if (bytes <= Integer.MAX_VALUE && matcher.group(1).length() < 12) {
        return (int) bytes;
      }
    }
    throw new IllegalArgumentException(
        "size '" + text + "' (expected: bytes such as 65536, 64KiB or 1MiB, below 2GiB)");
  }

  /**
   * A comma-separated set of HTTP statuses: {@code 5xx}, {@code 4xx}, {@code gateway-error}, {@code
   * 503}, {@code 500-504}.
   */
  public static List<StatusRange> httpStatuses(String text) {
    List<StatusRange> ranges = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      ranges.add(httpStatus(item.strip(), text));
    }
    return ranges;
  }

  /** A comma-separated set of gRPC codes, by name ({@code unavailable}) or number ({@code 14}). */
  public static List<Integer> grpcCodes(String text) {
    List<Integer> codes = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      String name = item.strip().toLowerCase(Locale.ROOT).replace('_', '-');
      Integer code = GRPC_CODES.get(name);
      if (code == null) {
        try {
          code = Integer.parseInt(name);
        } catch (NumberFormatException e) {
          code = -1;
        }
      }
      if (code < 1 || code > 16) {
        throw new IllegalArgumentException(
            "gRPC code '"
                + item
                + "' (expected: a name such as unavailable, resource-exhausted, deadline-exceeded,"
                + " internal, cancelled, or a number 1..16)");
      }
      codes.add(code);
    }
    return codes;
  }

  /** A whole number in {@code min..max}. */
  public static int integer(String what, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        what + " '" + text + "' is not a number in " + min + ".." + max);
  }

  private static StatusRange httpStatus(String item, String whole) {
    switch (item) {
      case "5xx":
        return range(500, 599);
      case "4xx":
        return range(400, 499);
      case "gateway-error":
        return range(502, 504);
      default:
        break;
    }
    int dash = item.indexOf('-');
    try {
      int from = Integer.parseInt(dash < 0 ? item : item.substring(0, dash));
      int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1));
      if (from >= 100 && to <= 599 && from <= to) {
        return range(from, to);
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "HTTP status '"
            + item
            + "' in '"
            + whole
            + "' (expected: 5xx, 4xx, gateway-error, a status such as 503 or a range such as"
            + " 500-504)");
  }

  private static StatusRange range(int from, int to) {
    return StatusRange.newBuilder().setFrom(from).setTo(to).build();
  }
}
