package dev.weft.kubernetes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP GETs of health and metrics endpoints, and samples read from Prometheus text. */
final class Scrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Scrape() {}

  static String get(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The value of a sample, by its name and labels as printed; an absent one fails. */
  static double sample(String text, String sample) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([-+0-9.eE]+)$").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no sample " + sample + " in:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }
}
