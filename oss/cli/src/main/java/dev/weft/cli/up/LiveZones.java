package dev.weft.cli.up;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The zone tour's {@link TourMesh} over the running mesh: web's proxy's admin port, the books
 * replicas' {@code /_demo/faults} on their own ports, and the supervisor, which stops a zone's
 * processes on purpose (no crash that ends {@code weft up}) and starts them again.
 */
final class LiveZones implements TourMesh {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final MeshPlan plan;
  private final Supervisor supervisor;
  private final HttpClient http;
  private final Duration stopGrace;

  LiveZones(MeshPlan plan, Supervisor supervisor, HttpClient http, Duration stopGrace) {
    this.plan = plan;
    this.supervisor = supervisor;
    this.http = http;
    this.stopGrace = stopGrace;
  }

  @Override
  public String webMetrics() throws IOException, InterruptedException {
    DemoPod web = plan.topology().of(DemoService.WEB).getFirst();
    URI url = URI.create("http://127.0.0.1:" + plan.ports().admin(web) + "/metrics");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + r.statusCode());
    }
    return r.body();
  }

  @Override
  public void delay(String zone, Duration delay) throws UpException, InterruptedException {
    for (DemoPod p : plan.topology().books(zone)) {
      URI url =
          URI.create(
              "http://127.0.0.1:"
                  + plan.ports().app(p)
                  + "/_demo/faults?delay="
                  + (delay.isZero() ? "0" : delay.toMillis() + "ms"));
      HttpResponse<String> r;
      try {
        r =
            http.send(
                HttpRequest.newBuilder(url)
                    .timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UpException(p.name() + ": POST " + url + ": " + e, e);
      }
      if (r.statusCode() != 200) {
        throw new UpException(
            p.name() + ": POST " + url + " answered " + r.statusCode() + " " + r.body().strip());
      }
    }
  }

  @Override
  public void stopZone(String zone) throws InterruptedException {
    List<String> names = new ArrayList<>();
    for (DemoPod p : plan.topology().books(zone)) {
      names.add(p.name());
      names.add(p.proxyName());
    }
    List<Child> zoneChildren =
        supervisor.children().stream().filter(c -> names.contains(c.name())).toList();
    supervisor.stop(zoneChildren, stopGrace);
  }

  @Override
  public void startZone(String zone) throws UpException {
    for (DemoPod p : plan.topology().books(zone)) {
      supervisor.start(plan.app(p));
      supervisor.start(plan.proxy(p));
    }
  }
}
