package dev.weft.proxy.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.proxy.balance.BalancerRegistry;
import dev.weft.proxy.discovery.AddressFallbackResolver;
import dev.weft.proxy.discovery.EndpointSpec;
import dev.weft.proxy.discovery.StaticResolver;
import dev.weft.proxy.errors.ProxyError;
import dev.weft.proxy.metrics.ProxyMetrics;
import dev.weft.proxy.transport.Transport;
import dev.weft.proxy.upstream.Connector;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A redirected connection's request whose authority discovery does not know goes on to its original
 * destination: the service discovery aliases to that address, else the address itself.
 */
class OriginalDstFallThroughTest {
  private static final InetSocketAddress BOOKS = new InetSocketAddress("10.1.0.7", 7000);
  private static final InetSocketAddress ORIGINAL = new InetSocketAddress("10.77.0.2", 8081);

  private final EventLoop loop = new DefaultEventLoop();
  private final OutboundTargets targets =
      new OutboundTargets(
          new AddressFallbackResolver(
              new StaticResolver(
                  Map.of(
                      "10.96.0.10:80",
                      Map.of(BOOKS, new EndpointSpec(BOOKS, 100, "", "", Map.of(), true))))),
          BalancerRegistry.load(getClass().getClassLoader()),
          "p2c-peak-ewma",
          new OutboundTargets.ConnectionSettings(
              new Connector(Transport.NIO, Duration.ofSeconds(1)),
              new ProxyMetrics(100),
              "outbound",
              Duration.ofSeconds(60),
              Duration.ofSeconds(1),
              null,
              null),
          "",
          System::nanoTime,
          new SharedRandom(),
          Duration.ofMinutes(10));

  @AfterEach
  void close() {
    targets.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** Where the request's first try goes, or the error it is answered with. */
  private Object firstTry(String authorityService, String orElse) throws Exception {
    CompletableFuture<Object> result = new CompletableFuture<>();
    loop.execute(() ->
        Dispatch.start(
            targets,
            targets.service(authorityService),
            orElse,
            "GET",
            "/",
            name -> null,
            loop,
            d -> {
              Endpoint e = d.next();
              result.complete(e == null ? d.unavailable().kind() : e.address());
              d.ended(dev.weft.spi.balancer.Outcome.Kind.CANCELLED, 0);
            },
            (ProxyError error) -> result.complete(error.kind())));
    return result.get(10, TimeUnit.SECONDS);
  }

  @Test
  void anUnknownAuthorityGoesToTheOriginalDestination() throws Exception {
    assertEquals(ORIGINAL, firstTry("books.unknown:80", "10.77.0.2:8081"));
  }

  @Test
  void anOriginalDestinationDiscoveryAliasesIsBalancedAsItsService() throws Exception {
    assertEquals(BOOKS, firstTry("books.unknown:80", "10.96.0.10:80"));
  }

  @Test
  void withoutAnOriginalDestinationAnUnknownAuthorityIsStill404() throws Exception {
    assertEquals(ProxyError.Kind.NO_ROUTE, firstTry("books.unknown:80", null));
  }

  @Test
  void aKnownAuthorityIsNotAffected() throws Exception {
    assertEquals(BOOKS, firstTry("10.96.0.10:80", "10.77.0.2:8081"));
  }
}
