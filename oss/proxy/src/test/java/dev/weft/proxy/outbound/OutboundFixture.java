package dev.weft.proxy.outbound;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.DiscoveryConfig;
import dev.weft.proxy.config.ListenerConfig;
import dev.weft.proxy.config.ProxyConfig;
import dev.weft.proxy.config.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A proxy whose outbound listener resolves services through a {@link FakeDestination} (or balances
 * fixed addresses), and an HTTP/1.1 client that names services in its {@code Host} header.
 */
final class OutboundFixture implements AutoCloseable {
  final FakeDestination destination;
  final TestProxy proxy;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private OutboundFixture(FakeDestination destination, TestProxy proxy) {
    this.destination = destination;
    this.proxy = proxy;
  }

  /** A proxy with discovery. */
  static OutboundFixture discovered() throws IOException, InterruptedException {
    return discovered(Duration.ofMinutes(10));
  }

  /** A proxy with discovery, dropping services unused for {@code serviceIdle}. */
  static OutboundFixture discovered(Duration serviceIdle) throws IOException, InterruptedException {
    return discovered("", DiscoveryConfig.DEFAULT_BALANCER, serviceIdle);
  }

  /** A proxy with discovery in {@code zone} (or none), balancing with {@code balancer}. */
  static OutboundFixture discovered(String zone, String balancer)
      throws IOException, InterruptedException {
    return discovered(zone, balancer, Duration.ofMinutes(10));
  }

  private static OutboundFixture discovered(String zone, String balancer, Duration serviceIdle)
      throws IOException, InterruptedException {
    FakeDestination d = new FakeDestination();
    ListenerConfig outbound =
        new ListenerConfig(
            "outbound", new InetSocketAddress("127.0.0.1", 0), null, Map.of(), List.of(), true);
    ProxyConfig c =
        TestProxy.config(new InetSocketAddress("127.0.0.1", 1))
            .withListeners(List.of(outbound))
            .withDiscovery(new DiscoveryConfig(d.address(), zone, balancer, serviceIdle));
    try {
      return new OutboundFixture(d, TestProxy.start(c));
    } catch (RuntimeException | InterruptedException e) {
      d.close();
      throw e;
    }
  }

  /** A proxy balancing fixed addresses (as {@code --forward A,B,C}), with opaque ports. */
  static OutboundFixture balanced(Set<Integer> opaquePorts, InetSocketAddress... addresses)
      throws InterruptedException {
    List<Target> targets =
        java.util.Arrays.stream(addresses).map(a -> new Target(a, null)).toList();
    ListenerConfig l =
        new ListenerConfig(
            "outbound",
            new InetSocketAddress("127.0.0.1", 0),
            targets.getFirst(),
            Map.of(),
            targets,
            false);
    ProxyConfig c =
        TestProxy.config(addresses[0], Duration.ofSeconds(10), opaquePorts)
            .withListeners(List.of(l));
    return new OutboundFixture(null, TestProxy.start(c));
  }

  /** A GET through the proxy to {@code authority}. */
  HttpResponse<String> get(String authority, String path) throws IOException, InterruptedException {
    return send(authority, "GET", path);
  }

  HttpResponse<String> send(String authority, String method, String path)
      throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + proxy.port() + path);
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Host", authority)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(20))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  PromText scrape() throws IOException, InterruptedException {
    return proxy.scrape();
  }

  @Override
  public void close() throws InterruptedException {
    proxy.close();
    if (destination != null) {
      destination.close();
    }
  }
}
