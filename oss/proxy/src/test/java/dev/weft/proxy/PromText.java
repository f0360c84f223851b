package dev.weft.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed Prometheus text exposition, for asserting on metrics in tests. */
public final class PromText {
  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Sample> samples = new ArrayList<>();

  public PromText(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      samples.add(parse(line));
    }
  }

  private static Sample parse(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int end = line.lastIndexOf('}');
      String body = line.substring(brace + 1, end);
      int i = 0;
      while (i < body.length()) {
        int eq = body.indexOf('=', i);
        String key = body.substring(i, eq).trim();
        StringBuilder v = new StringBuilder();
        int j = eq + 2; // skip ="
        for (; body.charAt(j) != '"'; j++) {
          char c = body.charAt(j);
          if (c == '\\') {
            c = body.charAt(++j);
            v.append(c == 'n' ? '\n' : c);
          } else {
            v.append(c);
          }
        }
        labels.put(key, v.toString());
        i = j + 1;
        if (i < body.length() && body.charAt(i) == ',') {
          i++;
        }
      }
    } else {
      name = line.substring(0, space);
    }
    return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
  }

  /** The sum of every sample of {@code name} whose labels include all of {@code labels}. */
  public double sum(String name, Map<String, String> labels) {
    double total = 0;
    for (Sample s : samples) {
      if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
        total += s.value();
      }
    }
    return total;
  }

  public double sum(String name) {
    return sum(name, Map.of());
  }

  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  public boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  public String text() {
    return text;
  }
}
