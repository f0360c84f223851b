package dev.weft.proxy.outbound;

import dev.weft.proxy.PromText;
import dev.weft.proxy.balance.BalancerRegistry;
import dev.weft.proxy.discovery.EndpointSpec;
import dev.weft.proxy.discovery.StaticResolver;
import dev.weft.proxy.metrics.ProxyMetrics;
import dev.weft.proxy.transport.Transport;
import dev.weft.proxy.upstream.Connector;
import dev.weft.spi.balancer.Outcome;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The outbound services of a proxy in a zone (or none), over fixed endpoints with zones, balanced
 * by {@link LocalZoneProvider} unless a policy names another; no listener, no connection opened.
 */
final class ZonedTargets implements AutoCloseable {
  final ProxyMetrics metrics;
  final OutboundTargets targets;

  /**
   * @param services each service's endpoints: port to zone (the address is 127.0.0.1:port)
   */
  ZonedTargets(String proxyZone, Map<String, Map<Integer, String>> services) {
    this(new ProxyMetrics(100), proxyZone, services);
  }

  /** As {@link #ZonedTargets(String, Map)}, in {@code metrics} (another listener's, say). */
  ZonedTargets(ProxyMetrics metrics, String proxyZone, Map<String, Map<Integer, String>> services) {
    this.metrics = metrics;
    Map<String, Map<InetSocketAddress, EndpointSpec>> specs = new LinkedHashMap<>();
    services.forEach((name, zones) -> {
      Map<InetSocketAddress, EndpointSpec> endpoints = new LinkedHashMap<>();
      zones.forEach((port, zone) -> {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", port);
        endpoints.put(a, new EndpointSpec(a, 100, "", zone, Map.of("pod", "p" + port), true));
      });
      specs.put(name, endpoints);
    });
    targets =
        new OutboundTargets(
            new StaticResolver(specs),
            BalancerRegistry.load(getClass().getClassLoader()),
            LocalZoneProvider.NAME,
            new OutboundTargets.ConnectionSettings(
                new Connector(Transport.NIO, Duration.ofSeconds(1)),
                metrics,
                "outbound",
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                null,
                null),
            proxyZone,
            System::nanoTime,
            new SharedRandom(),
            Duration.ofMinutes(10));
  }

  Service service(String name) {
    return targets.service(name);
  }

  PromText scrape() {
    return new PromText(metrics.scrape());
  }

  /** The ports of {@code n} picks of {@code s}, each released at once. */
  static List<Integer> picks(Service s, int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> {
          var p = s.pick();
          p.done(new Outcome(Outcome.Kind.SUCCESS, 1_000_000, 0));
          return p.endpoint().address().getPort();
        })
        .toList();
  }

  @Override
  public void close() {
    targets.close();
  }
}
