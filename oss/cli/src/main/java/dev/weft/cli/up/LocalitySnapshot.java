package dev.weft.cli.up;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The series of {@code weft_balancer_endpoint_requests_total} in one read of a proxy's {@code
 * /metrics}, each with its {@code dst_zone_locality} (null without the label) and its count. Read
 * defensively: a line that does not parse is skipped, never fatal, since the tour only reports.
 *
 * <p>Tries over a window are the differences between two snapshots, series by series: a series that
 * appeared counts from zero, one that went (an endpoint left the registry) counts nothing, one that
 * went down (a restarted counter) counts from zero.
 */
record LocalitySnapshot(Map<String, Series> series) {
  static final String METRIC = "weft_balancer_endpoint_requests_total";
  static final String LABEL = "dst_zone_locality";
  static final LocalitySnapshot EMPTY = new LocalitySnapshot(Map.of());

  record Series(String locality, double value) {}

  LocalitySnapshot {
    series = Map.copyOf(series);
  }

  static LocalitySnapshot parse(String metrics) {
    Map<String, Series> series = new LinkedHashMap<>();
    for (String line : metrics.lines().toList()) {
      if (!line.startsWith(METRIC)) {
        continue;
      }
      String rest = line.substring(METRIC.length());
      Map<String, String> labels;
      String labelText;
      if (rest.startsWith("{")) {
        int end = labelsEnd(rest);
        if (end < 0) {
          continue;
        }
        labelText = rest.substring(1, end);
        labels = labels(labelText);
        if (labels == null) {
          continue;
        }
        rest = rest.substring(end + 1);
      } else if (rest.startsWith(" ")) {
        labelText = "";
        labels = Map.of();
      } else {
        // Another metric whose name starts like this one.
        continue;
      }
      String[] words = rest.strip().split("\\s+");
      double value;
      try {
        value = Double.parseDouble(words[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      if (Double.isFinite(value)) {
        series.put(labelText, new Series(labels.get(LABEL), value));
      }
    }
    return new LocalitySnapshot(series);
  }

  /** Every try of this snapshot, as if counted from nothing. */
  LocalityCounts counts() {
    return since(EMPTY);
  }

  /** The tries between {@code earlier} and this snapshot. */
  LocalityCounts since(LocalitySnapshot earlier) {
    LocalityCounts counts = LocalityCounts.NONE;
    for (Map.Entry<String, Series> e : series.entrySet()) {
      Series before = earlier.series.get(e.getKey());
      double now = e.getValue().value();
      double tries = before == null || before.value() > now ? now : now - before.value();
      counts = counts.plus(e.getValue().locality(), tries);
    }
    return counts;
  }

  /** The index of the closing brace of a label set starting at 0, or -1. */
  private static int labelsEnd(String s) {
    boolean quoted = false;
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '}') {
        return i;
      }
    }
    return -1;
  }

  /** {@code a="x",b="y\"z"} as a map, or null when it does not parse. */
  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int eq = text.indexOf('=', i);
      if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
        return null;
      }
      String name = text.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < text.length() && text.charAt(j) != '"'; j++) {
        char c = text.charAt(j);
        if (c == '\\' && j + 1 < text.length()) {
          char next = text.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      if (j >= text.length()) {
        return null;
      }
      labels.put(name, value.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
    return labels;
  }
}
