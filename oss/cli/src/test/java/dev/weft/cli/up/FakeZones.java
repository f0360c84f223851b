package dev.weft.cli.up;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TourMesh} and {@link TourClock} for the zone tour's tests: each read of web's metrics
 * adds ten tries, shared between zone-a (local) and zone-b (remote) as zone-a's state says, and
 * every call is written to {@link #events} in order. No process, no socket, no waiting.
 */
final class FakeZones implements TourMesh, TourClock {
  final List<String> events = new ArrayList<>();
  private String zoneA = "healthy";
  private double local;
  private double remote;
  private boolean labelled = true;
  private boolean traffic = true;
  private UpException stopFailure;

  FakeZones withoutLocalityLabel() {
    labelled = false;
    return this;
  }

  FakeZones withoutTraffic() {
    traffic = false;
    return this;
  }

  FakeZones failingToStop(UpException e) {
    stopFailure = e;
    return this;
  }

  @Override
  public String webMetrics() {
    events.add("metrics");
    if (traffic) {
      switch (zoneA) {
        case "healthy" -> local += 10;
        case "slow" -> {
          local += 2;
          remote += 8;
        }
        default -> remote += 10;
      }
    }
    return """
    # HELP weft_balancer_endpoint_requests_total Tries per endpoint
    # TYPE weft_balancer_endpoint_requests_total counter
    weft_balancer_endpoint_requests_total{dst_pod="books-a-0",dst_service="books:80",dst_zone="zone-a",%s outcome="success"} %s
    weft_balancer_endpoint_requests_total{dst_pod="books-b-0",dst_service="books:80",dst_zone="zone-b",%s outcome="success"} %s
    weft_balancer_endpoints{dst_service="books:80"} 6.0
    """
        .formatted(
            labelled ? "dst_zone_locality=\"local\"," : "",
            local,
            labelled ? "dst_zone_locality=\"remote\"," : "",
            remote);
  }

  @Override
  public void delay(String zone, Duration delay) {
    events.add("delay " + zone + " " + delay.toMillis() + "ms");
    zoneA = delay.isZero() ? "healthy" : "slow";
  }

  @Override
  public void stopZone(String zone) throws UpException {
    events.add("stop " + zone);
    if (stopFailure != null) {
      throw stopFailure;
    }
    zoneA = "down";
  }

  @Override
  public void startZone(String zone) {
    events.add("start " + zone);
    zoneA = "healthy";
  }

  @Override
  public void awaitTick() {
    events.add("tick");
    if (events.size() > 10_000) {
      throw new AssertionError("the tour does not end");
    }
  }
}
