package dev.weft.hazl.zones;

import java.util.Map;

/** Reads Prometheus text exposition: the sum of a metric's samples whose labels include some. */
final class Metrics {
  private Metrics() {}

  /**
   * The sum of the samples of {@code name} (exactly that name, any labels) that carry every label
   * of {@code labels}; 0 when there is none.
   */
  static double sum(String text, String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      String rest = line.substring(name.length());
      String labelText = "";
      if (rest.startsWith("{")) {
        int end = rest.lastIndexOf('}');
        labelText = rest.substring(1, end);
        rest = rest.substring(end + 1);
      } else if (!rest.startsWith(" ")) {
        continue; // another metric whose name starts with this one
      }
      boolean matches = true;
      for (Map.Entry<String, String> l : labels.entrySet()) {
        if (!labelText.contains(l.getKey() + "=\"" + l.getValue() + "\"")) {
          matches = false;
          break;
        }
      }
      if (matches) {
        sum += Double.parseDouble(rest.strip().split(" ")[0]);
      }
    }
    return sum;
  }
}
