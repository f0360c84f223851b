package dev.weft.hazl;

import dev.weft.spi.balancer.EndpointView;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** An endpoint of a zone whose load (requests in flight) a test sets by hand. */
final class FakeEndpoint implements EndpointView {
  private final InetSocketAddress address;
  private final String zone;
  final AtomicInteger load = new AtomicInteger();

  FakeEndpoint(String zone, int port) {
    this.address = InetSocketAddress.createUnresolved("127.0.0.1", port);
    this.zone = zone;
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public int weight() {
    return 100;
  }

  @Override
  public String zone() {
    return zone;
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
    return "FakeEndpoint[" + zone + ":" + address.getPort() + "]";
  }
}
