package dev.weft.proxy.outbound;

import dev.weft.proxy.discovery.EndpointSpec;
import dev.weft.spi.balancer.EndpointView;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One endpoint of one service: what discovery says of it, the connections that reach it, and its
 * load (requests sent and not yet ended). A changed endpoint is a new object, so a balancer's state
 * per endpoint never outlives what it describes. Thread-safe.
 */
public final class Endpoint implements EndpointView {
  private final EndpointSpec spec;
  private final Connections connections;
  private final AtomicInteger load = new AtomicInteger();
  private final String text;
  private OutboundMetrics.EndpointMeters meters;

  Endpoint(EndpointSpec spec, Connections connections) {
    this.spec = spec;
    this.connections = connections;
    this.text = connections.target().addressText();
  }

  void meters(OutboundMetrics.EndpointMeters m) {
    this.meters = m;
  }

  OutboundMetrics.EndpointMeters meters() {
    return meters;
  }

  public EndpointSpec spec() {
    return spec;
  }

  public Connections connections() {
    return connections;
  }

  @Override
  public InetSocketAddress address() {
    return spec.address();
  }

  @Override
  public int weight() {
    return spec.weight();
  }

  @Override
  public String zone() {
    return spec.zone();
  }

  @Override
  public String identity() {
    return spec.identity();
  }

  @Override
  public Map<String, String> labels() {
    return spec.labels();
  }

  @Override
  public int load() {
    return load.get();
  }

  void started() {
    load.incrementAndGet();
  }

  void ended() {
    load.decrementAndGet();
  }

  /** {@code ip:port}. */
  @Override
  public String toString() {
    return text;
  }
}
