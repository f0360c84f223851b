package dev.weft.proxy.outbound;

import dev.weft.spi.Availability;
import dev.weft.spi.ConfigResult;
import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.BalancerProvider;
import dev.weft.spi.balancer.EndpointView;
import dev.weft.spi.balancer.Pick;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A zone-keeping balancer as an extension writes one: it hands the proxy's default balancer the
 * endpoints of the proxy's zone (all of them when there are none, or no zone) and publishes its
 * pickers wrapped, counting picks; it exports the endpoints it keeps and the picks it made. Found
 * through this module's test {@code META-INF/services}.
 */
public final class LocalZoneProvider implements BalancerProvider {
  static final String NAME = "test-local-zone";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public ConfigResult<?> parseConfig(Map<String, String> config) {
    return ConfigResult.ok(config);
  }

  @Override
  public Balancer newBalancer(BalancerContext context, Object config) {
    return new LocalZoneBalancer(context);
  }

  static final class LocalZoneBalancer implements Balancer {
    private final BalancerContext context;
    private final Balancer inner;
    final AtomicLong published = new AtomicLong();
    final AtomicLong picks = new AtomicLong();
    private volatile int kept;

    LocalZoneBalancer(BalancerContext context) {
      this.context = context;
      this.inner =
          context.newDefaultBalancer(p -> {
            published.incrementAndGet();
            context.publish(() -> {
              Pick pick = p.pick();
              if (pick != null) {
                picks.incrementAndGet();
              }
              return pick;
            });
          });
      context.gauge(
          "weft_test_endpoints_kept",
          "Endpoints handed to the default balancer",
          Map.of("state", "kept"),
          () -> kept);
      context.counter("weft_test_picks", "Picks made", Map.of(), picks::get);
    }

    @Override
    public void update(List<EndpointView> endpoints) {
      String zone = context.localZone();
      List<EndpointView> local =
          endpoints.stream().filter(e -> !zone.isEmpty() && zone.equals(e.zone())).toList();
      List<EndpointView> chosen = local.isEmpty() ? endpoints : local;
      kept = chosen.size();
      inner.update(chosen);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
