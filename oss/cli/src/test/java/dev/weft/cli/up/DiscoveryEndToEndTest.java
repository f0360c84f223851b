package dev.weft.cli.up;

import static dev.weft.cli.up.RunningUp.metrics;
import static dev.weft.cli.up.RunningUp.metricsOrError;
import static dev.weft.cli.up.RunningUp.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/weft up} for real, seen from web's proxy: the three books replicas are found through
 * the registry, the slow one gets fewer tries, the failing one's 503s are retried so that web's
 * clients do not see them, and an endpoint taken out of the registry (and put back) while the mesh
 * runs stops (and starts again) receiving tries, without a restart.
 */
@Tag("mesh")
class DiscoveryEndToEndTest {
  private static final Duration PHASE = Duration.ofMinutes(2);
  private static final String BOOKS = "books:80";

  @TempDir Path dir;

  @Test
  void booksReplicasAreBalancedRetriedAndFollowTheRegistryLive() throws Exception {
    try (RunningUp up = RunningUp.start(dir, "--traffic-rate", "20")) {
      Map<String, String> proxies = up.awaitProxies();
      String web = proxies.get("web");
      String books2Admin = proxies.get("books-2");
      String registry = up.getControlPlane("/local/v1/registry");
      // The control plane read weft up's registry without a complaint.
      for (String service : new String[] {"\"web:80\"", "\"books:80\"", "\"authors:80\""}) {
        assertTrue(registry.contains(service), registry);
      }
      assertTrue(registry.contains("\"errors\":[]"), registry);

      // Past the cold start: every replica has been tried, and web answered plenty.
      Await.until(
          PHASE,
          () -> {
            String m = metrics(web);
            return tries(m, "books-0") > 0
                && tries(m, "books-1") > 0
                && tries(m, "books-2") > 0
                && webAnswers(m, "success") >= 100;
          },
          () -> "tries of every replica:\n" + metricsOrError(web));

      // Cold JVMs answer slowly at first, and peak-EWMA remembers a slow answer for a while (it
      // decays over 10 s): wait for a window of 100 tries of books-0 in which books-1, 80 ms
      // slower, got less than half as many. A window where it did not starts the next one.
      String[] from = {metrics(web)};
      String[] lastWindow = {""};
      Await.until(
          Duration.ofMinutes(3),
          () -> {
            String now = metrics(web);
            double books0 = tries(now, "books-0") - tries(from[0], "books-0");
            if (books0 < 100) {
              return false;
            }
            lastWindow[0] = window(from[0], now);
            if ((tries(now, "books-1") - tries(from[0], "books-1")) * 2 < books0) {
              return true;
            }
            from[0] = now;
            return false;
          },
          () ->
              "books-1 got fewer than half the tries of books-0; the last window: "
                  + lastWindow[0]);
      System.out.println("steady window: " + lastWindow[0]);

      // Then what web's clients got: books-2's 503s are retried, not passed on (web would answer
      // them 502).
      String start = metrics(web);
      Await.until(
          PHASE,
          () -> answered(metrics(web)) - answered(start) >= 300,
          () -> "300 more answers of web:\n" + metricsOrError(web));
      String end = metrics(web);
      String window = window(start, end);
      System.out.println("clients' window: " + window);
      double failed = webAnswers(end, "failure") - webAnswers(start, "failure");
      assertTrue(
          failed * 50 <= answered(end) - answered(start),
          "web's clients saw (almost) no failure: " + window);
      // Each 503 makes the balancer avoid books-2 for some seconds, so it is tried now and then
      // rather than all the time; the 503s it does answer are retried.
      Await.until(
          PHASE,
          () -> {
            String m = metrics(web);
            return overloaded(m, "books-2") > 0 && retries(m) > 0;
          },
          () -> "books-2 answered 503 and it was retried:\n" + metricsOrError(web));

      // books-2 leaves the registry (written atomically, as the docs say to).
      Path file = up.state.resolve("control-plane").resolve("registry.conf");
      String full = Files.readString(file);
      String without =
          full.lines()
              .filter(l -> !l.contains("label.pod=books-2"))
              .map(l -> l + "\n")
              .reduce("", String::concat);
      assertEquals(full.lines().count() - 1, without.lines().count());
      MeshRegistry.writeAtomically(file, without);
      Await.until(
          PHASE,
          () -> sum(metrics(web), "weft_balancer_endpoints", Map.of("dst_service", BOOKS)) == 2,
          () -> "books has two endpoints at web's proxy:\n" + metricsOrError(web));
      // Tries already on their way when the update arrived may still land: let some pass first.
      double othersAtRemoval = others(metrics(web));
      Await.until(
          PHASE,
          () -> others(metrics(web)) >= othersAtRemoval + 20,
          () -> "tries of books-0 and books-1 go on:\n" + metricsOrError(web));
      double books2Inbound = inboundRequests(books2Admin);
      double othersBefore = others(metrics(web));
      Await.until(
          PHASE,
          () -> others(metrics(web)) >= othersBefore + 100,
          () -> "100 more tries of books-0 and books-1:\n" + metricsOrError(web));
      assertEquals(
          books2Inbound,
          inboundRequests(books2Admin),
          "books-2's proxy got requests after it left");
      assertEquals(0.0, tries(metrics(web), "books-2"), "books-2's meters left with it");

      // And back: a new endpoint starts from its peers' estimate, so it is tried at once, as its
      // own proxy sees.
      MeshRegistry.writeAtomically(file, full);
      Await.until(
          PHASE,
          () -> sum(metrics(web), "weft_balancer_endpoints", Map.of("dst_service", BOOKS)) == 3,
          () -> "books has three endpoints again:\n" + metricsOrError(web));
      Await.until(
          PHASE,
          () -> tries(metrics(web), "books-2") > 0 && inboundRequests(books2Admin) > books2Inbound,
          () ->
              "books-2 is tried again:\n"
                  + metricsOrError(web)
                  + "\nbooks-2:\n"
                  + metricsOrError(books2Admin));
    }
  }

  private static double answered(String metrics) {
    return webAnswers(metrics, "success") + webAnswers(metrics, "failure");
  }

  /** What happened between two scrapes of web's proxy, and the counters at the second. */
  private static String window(String start, String end) {
    return String.format(
        "tries books-0 %.0f, books-1 %.0f, books-2 %.0f (%.0f answered 503); retries %.0f; web"
            + " answered %.0f, %.0f failed%n%s",
        tries(end, "books-0") - tries(start, "books-0"),
        tries(end, "books-1") - tries(start, "books-1"),
        tries(end, "books-2") - tries(start, "books-2"),
        overloaded(end, "books-2") - overloaded(start, "books-2"),
        retries(end) - retries(start),
        answered(end) - answered(start),
        webAnswers(end, "failure") - webAnswers(start, "failure"),
        balancerLines(end));
  }

  /** Tries web's proxy sent to one books replica, whatever their outcome. */
  private static double tries(String metrics, String pod) {
    return sum(
        metrics,
        "weft_balancer_endpoint_requests_total",
        Map.of("dst_service", BOOKS, "dst_pod", pod));
  }

  private static double overloaded(String metrics, String pod) {
    return sum(
        metrics,
        "weft_balancer_endpoint_requests_total",
        Map.of("dst_service", BOOKS, "dst_pod", pod, "outcome", "overloaded"));
  }

  private static double others(String metrics) {
    return tries(metrics, "books-0") + tries(metrics, "books-1");
  }

  private static double retries(String metrics) {
    return sum(metrics, "weft_retry_total", Map.of("dst_service", BOOKS));
  }

  /** What web answered the traffic generator, as its proxy's inbound side counted it. */
  private static double webAnswers(String metrics, String classification) {
    return sum(
        metrics,
        "response_total",
        Map.of("direction", "inbound", "classification", classification));
  }

  private static double inboundRequests(String admin) throws Exception {
    return sum(metrics(admin), "request_total", Map.of("direction", "inbound"));
  }

  private static String balancerLines(String metrics) {
    StringBuilder out = new StringBuilder();
    metrics
        .lines()
        .filter(l ->
            l.startsWith("weft_balancer_endpoint_requests_total{") || l.startsWith("weft_retry"))
        .forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }
}
