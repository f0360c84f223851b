package dev.weft.proxy.balance;

import dev.weft.spi.balancer.Balancer;
import dev.weft.spi.balancer.BalancerContext;
import dev.weft.spi.balancer.EndpointView;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The {@code p2c-peak-ewma} balancer of one service. Keeps one {@link PeakEwmaNode} per endpoint
 * view (by identity), so what it learned of an endpoint survives updates, and publishes a new
 * immutable {@link PeakEwmaPicker} on every update. Called serially, as {@link Balancer} says.
 */
final class PeakEwmaBalancer implements Balancer {
  private final BalancerContext context;
  private final PeakEwmaConfig config;
  private final LongSupplier clock;
  private Map<EndpointView, PeakEwmaNode> nodes = new IdentityHashMap<>();
  private boolean closed;

  PeakEwmaBalancer(BalancerContext context, PeakEwmaConfig config) {
    this.context = context;
    this.config = config;
    this.clock = context::nanoTime;
  }

  @Override
  public synchronized void update(List<EndpointView> endpoints) {
    if (closed) {
      return;
    }
    Map<EndpointView, PeakEwmaNode> next = new IdentityHashMap<>();
    List<PeakEwmaNode> order = new ArrayList<>(endpoints.size());
    double seed = seed();
    for (EndpointView e : endpoints) {
      if (next.containsKey(e)) {
        continue; // a view listed twice is still one endpoint
      }
      PeakEwmaNode node = nodes.get(e);
      if (node == null) {
        node = new PeakEwmaNode(e, clock, config, seed);
      }
      next.put(e, node);
      order.add(node);
    }
    nodes = next;
    context.publish(new PeakEwmaPicker(order, clock, context.random()));
  }

  /**
   * The estimate a new endpoint starts from: the mean of its observed peers' estimates now, or the
   * default RTT when none was observed.
   */
  private double seed() {
    long now = clock.getAsLong();
    double sum = 0;
    int n = 0;
    for (PeakEwmaNode node : nodes.values()) {
      if (node.observed()) {
        sum += node.latency(now);
        n++;
      }
    }
    return n == 0 ? config.defaultRtt().toNanos() : sum / n;
  }

  /** The node of {@code endpoint} in the last update, or null; for tests. */
  synchronized PeakEwmaNode node(EndpointView endpoint) {
    return nodes.get(endpoint);
  }

  @Override
  public synchronized void close() {
    closed = true;
    nodes = new IdentityHashMap<>();
  }
}
