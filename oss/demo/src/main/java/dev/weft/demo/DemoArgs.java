package dev.weft.demo;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The demo's flags, validated once; a bad value is reported with the flag that carried it. */
record DemoArgs(Map<String, String> values) {
  private static final Set<String> KNOWN =
      Set.of(
          "--port",
          "--proxy",
          "--timeout",
          "--parent-pid",
          "--target",
          "--authority",
          "--path",
          "--rate",
          "--delay",
          "--fail-ratio",
          "--fail-status");

  static DemoArgs parse(List<String> args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String key = arg;
      String value;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        key = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException(arg + ": missing value");
      }
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("unknown flag " + key);
      }
      values.put(key, value);
    }
    return new DemoArgs(Map.copyOf(values));
  }

  int port() {
    String v = required("--port");
    try {
      int port = Integer.parseInt(v);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port='" + v + "': invalid (expected: 0..65535)");
  }

  InetSocketAddress proxy() {
    return address("--proxy");
  }

  InetSocketAddress target() {
    return address("--target");
  }

  Optional<Duration> timeout() {
    return Optional.ofNullable(values.get("--timeout")).map(v -> duration("--timeout", v));
  }

  /** Added to every answer a service gives, to play a slow replica. */
  Optional<Duration> delay() {
    return Optional.ofNullable(values.get("--delay")).map(v -> duration("--delay", v));
  }

  /** The share of requests answered {@link #failStatus()} at once, to play a failing replica. */
  Optional<Double> failRatio() {
    return Optional.ofNullable(values.get("--fail-ratio"))
        .map(v -> {
          try {
            double ratio = Double.parseDouble(v);
            if (ratio >= 0 && ratio <= 1) {
              return ratio;
            }
          } catch (NumberFormatException e) {
            // reported below
          }
          throw new IllegalArgumentException(
              "--fail-ratio='"
                  + v
                  + "': invalid (expected: a share of requests, 0..1 such as 0.3)");
        });
  }

  Optional<Integer> failStatus() {
    return Optional.ofNullable(values.get("--fail-status"))
        .map(v -> {
          try {
            int status = Integer.parseInt(v);
            if (status >= 400 && status <= 599) {
              return status;
            }
          } catch (NumberFormatException e) {
            // reported below
          }
          throw new IllegalArgumentException(
              "--fail-status='" + v + "': invalid (expected: an HTTP error status, 400..599)");
        });
  }

  Optional<Long> parentPid() {
    return Optional.ofNullable(values.get("--parent-pid"))
        .map(v -> {
          try {
            return Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "--parent-pid='" + v + "': invalid (expected: a process id)");
          }
        });
  }

  Optional<String> authority() {
    return Optional.ofNullable(values.get("--authority"));
  }

  Optional<String> path() {
    return Optional.ofNullable(values.get("--path"))
        .map(p -> {
          if (!p.startsWith("/")) {
            throw new IllegalArgumentException(
                "--path='" + p + "': invalid (expected: starting with /)");
          }
          return p;
        });
  }

  Optional<Double> rate() {
    return Optional.ofNullable(values.get("--rate"))
        .map(v -> {
          try {
            double rate = Double.parseDouble(v);
            if (rate > 0 && rate <= 10_000) {
              return rate;
            }
          } catch (NumberFormatException e) {
            // reported below
          }
          throw new IllegalArgumentException(
              "--rate='" + v + "': invalid (expected: requests per second, > 0 and <= 10000)");
        });
  }

  private String required(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    return v;
  }

  private InetSocketAddress address(String key) {
    String v = required(key);
    int colon = v.lastIndexOf(':');
    try {
      if (colon > 0) {
        int port = Integer.parseInt(v.substring(colon + 1));
        if (port > 0 && port <= 65535) {
          return InetSocketAddress.createUnresolved(v.substring(0, colon), port);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        key + "='" + v + "': invalid (expected: HOST:PORT such as 127.0.0.1:4140)");
  }

  private static Duration duration(String key, String v) {
    Duration d;
    try {
      if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        d = Duration.parse(v);
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      d = Duration.ZERO;
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          key + "='" + v + "': invalid (expected: a positive duration such as 500ms or 3s)");
    }
    return d;
  }
}
