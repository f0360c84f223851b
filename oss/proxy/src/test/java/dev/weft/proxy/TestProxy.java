package dev.weft.proxy;

import dev.weft.proxy.config.ListenerConfig;
import dev.weft.proxy.config.ProxyConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A proxy started in this JVM on 127.0.0.1 ephemeral ports, for integration tests. */
public final class TestProxy implements AutoCloseable {
  private static final HttpClient ADMIN = HttpClient.newHttpClient();

  private final Proxy proxy;

  private TestProxy(Proxy proxy) {
    this.proxy = proxy;
  }

  /** A fixed-hop configuration forwarding to {@code forward}, with test-friendly defaults. */
  public static ProxyConfig config(InetSocketAddress forward) {
    return new ProxyConfig(
        List.of(new ListenerConfig("inbound", new InetSocketAddress("127.0.0.1", 0), forward)),
        new InetSocketAddress("127.0.0.1", 0),
        Duration.ofSeconds(10),
        Set.of(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        1,
        100);
  }

  /** As {@link #config(InetSocketAddress)}, with its own detect timeout and opaque ports. */
  public static ProxyConfig config(
      InetSocketAddress forward, Duration detectTimeout, Set<Integer> opaquePorts) {
    ProxyConfig c = config(forward);
    return new ProxyConfig(
        c.listeners(),
        c.admin(),
        detectTimeout,
        opaquePorts,
        c.connectTimeout(),
        c.drainTimeout(),
        c.idleTimeout(),
        c.workers(),
        c.maxAuthorities());
  }

  public static TestProxy start(InetSocketAddress forward) throws InterruptedException {
    return start(config(forward));
  }

  public static TestProxy start(ProxyConfig config) throws InterruptedException {
    return new TestProxy(Proxy.start(config));
  }

  /** The address clients connect to. */
  public InetSocketAddress address() {
    return proxy.listenerAddresses().getFirst();
  }

  public int port() {
    return address().getPort();
  }

  public InetSocketAddress adminAddress() {
    return proxy.adminAddress();
  }

  public Proxy proxy() {
    return proxy;
  }

  /** GETs an admin path and returns the response. */
  public HttpResponse<String> admin(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + adminAddress().getPort() + path);
    return ADMIN.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The Prometheus text of {@code /metrics}, parsed. */
  public PromText scrape() throws IOException, InterruptedException {
    HttpResponse<String> rsp = admin("/metrics");
    if (rsp.statusCode() != 200) {
      throw new IOException("/metrics answered " + rsp.statusCode());
    }
    return new PromText(rsp.body());
  }

  @Override
  public void close() {
    proxy.shutdown();
  }
}
