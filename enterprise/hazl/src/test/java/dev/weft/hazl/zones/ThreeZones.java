package dev.weft.hazl.zones;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Three zones of two endpoints each ({@code zone-a} is the caller's), a Destination naming them
 * with their zones, a proxy process in {@code zone-a} and open-loop load through it.
 */
final class ThreeZones implements AutoCloseable {
  static final String AUTHORITY = "books.demo.svc.cluster.local";
  static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");

  /** Moderate: a few requests in flight per endpoint at most while every endpoint is fast. */
  static final int RATE = 200;

  final List<ZoneBackend> backends = new ArrayList<>();
  final ZoneDestination destination;
  final ZoneProxy proxy;
  final OpenLoad load;

  /**
   * @param policyBalancer the balancer the service's policy names ("" for none)
   * @param proxyBalancer the proxy's default balancer
   * @param env the proxy's license variables
   */
  ThreeZones(
      String policyBalancer,
      Map<String, String> config,
      String proxyBalancer,
      Map<String, String> env,
      Path dir)
      throws Exception {
    this(policyBalancer, config, proxyBalancer, env, dir, RATE);
  }

  /** As above, at {@code rate} requests per second. */
  ThreeZones(
      String policyBalancer,
      Map<String, String> config,
      String proxyBalancer,
      Map<String, String> env,
      Path dir,
      int rate)
      throws Exception {
    boolean done = false;
    ZoneDestination d = null;
    ZoneProxy p = null;
    try {
      for (String zone : ZONES) {
        for (int i = 1; i <= 2; i++) {
          backends.add(new ZoneBackend(zone, "books-" + zone.substring(5) + i));
        }
      }
      d = new ZoneDestination(backends, policyBalancer, config);
      p = ZoneProxy.start(d.address(), proxyBalancer, env, dir);
      this.destination = d;
      this.proxy = p;
      this.load = new OpenLoad(p.outbound, AUTHORITY, rate);
      done = true;
    } finally {
      if (!done) {
        if (p != null) {
          p.close();
        }
        if (d != null) {
          d.close();
        }
        backends.forEach(ZoneBackend::close);
      }
    }
  }

  /**
   * Sends load until the proxy is warm: a cold JVM answers its first requests slowly, and a
   * zone-aware balancer rightly spills while they pile up.
   */
  void warmUp() {
    load.window(RATE * 3);
  }

  List<ZoneBackend> in(String zone) {
    return backends.stream().filter(b -> b.zone.equals(zone)).toList();
  }

  void delay(String zone, Duration d) {
    in(zone).forEach(b -> b.delay(d));
  }

  @Override
  public void close() throws Exception {
    try {
      load.close();
    } finally {
      proxy.close();
      destination.close();
      backends.forEach(ZoneBackend::close);
    }
  }
}
