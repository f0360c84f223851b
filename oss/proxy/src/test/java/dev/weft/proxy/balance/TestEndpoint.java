package dev.weft.proxy.balance;

import dev.weft.spi.balancer.EndpointView;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An endpoint view whose load a test sets by hand. */
final class TestEndpoint implements EndpointView {
  private final InetSocketAddress address;
  private final int weight;
  final AtomicInteger load = new AtomicInteger();

  TestEndpoint(int port) {
    this(port, 100);
  }

  TestEndpoint(int port, int weight) {
    this.address = InetSocketAddress.createUnresolved("127.0.0.1", port);
    this.weight = weight;
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public int weight() {
    return weight;
  }

  @Override
  public String zone() {
    return "";
  }

  @Override
  public String identity() {
    return "";
  }

  @Override
  public Map<String, String> labels() {
    return Map.of();
  }

  @Override
  public int load() {
    return load.get();
  }

  @Override
  public String toString() {
    return "TestEndpoint[" + address.getPort() + "]";
  }
}
