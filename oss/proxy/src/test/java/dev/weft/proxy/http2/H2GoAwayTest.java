package dev.weft.proxy.http2;

import static dev.weft.proxy.http2.H2Peers.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.TestProxy;
import dev.weft.proxy.config.ProxyConfig;
import dev.weft.proxy.http2.StreamEvents.Closed;
import dev.weft.proxy.http2.StreamEvents.Data;
import dev.weft.proxy.http2.StreamEvents.Headers;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A graceful shutdown sends GOAWAY, lets the streams in flight finish, and refuses new connections.
 */
class H2GoAwayTest {
  /** Sees the client connection's GOAWAY, after the multiplexer. */
  private static final class GoAwayWatcher extends ChannelInboundHandlerAdapter {
    final CompletableFuture<long[]> goAway = new CompletableFuture<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2GoAwayFrame g) {
        goAway.complete(new long[] {g.lastStreamId(), g.errorCode()});
      }
      ReferenceCountUtil.release(msg);
    }
  }

  @Test
  void shutdownSendsGoAwayAndDrainsTheStreamInFlight() throws Exception {
    CompletableFuture<ChannelHandlerContext> slow = new CompletableFuture<>();
    try (H2Peers peers = new H2Peers()) {
      // Answers headers at once and the rest when the test says so.
      Channel server =
          peers.serve(() ->
              new StreamEvents() {
                @Override
                protected void on(ChannelHandlerContext ctx, Object event) {
                  if (event instanceof Headers h && h.headers().path() != null) {
                    ctx.writeAndFlush(
                        new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
                    slow.complete(ctx);
                  }
                }
              });
      InetSocketAddress upstream = (InetSocketAddress) server.localAddress();
      ProxyConfig c = TestProxy.config(upstream);
      // A drain timeout well beyond the test's waits, so only the stream's end can end the drain.
      c =
          new ProxyConfig(
              c.listeners(),
              c.admin(),
              c.detectTimeout(),
              c.opaquePorts(),
              c.connectTimeout(),
              Duration.ofSeconds(60),
              c.idleTimeout(),
              c.workers(),
              c.maxAuthorities());
      TestProxy proxy = TestProxy.start(c);
      Thread shutdown = null;
      try {
        GoAwayWatcher watcher = new GoAwayWatcher();
        Channel client = peers.connect(proxy.address(), watcher);
        StreamEvents rsp = new StreamEvents();
        Http2StreamChannel s = H2Peers.open(client, rsp);
        s.writeAndFlush(
            new DefaultHttp2HeadersFrame(
                new DefaultHttp2Headers()
                    .method("GET")
                    .path("/slow")
                    .scheme("http")
                    .authority("h2.test"),
                true));
        assertEquals("200", rsp.next(Headers.class).headers().status().toString());
        ChannelHandlerContext upstreamStream = slow.get(10, TimeUnit.SECONDS);

        shutdown = Thread.ofPlatform().name("test-shutdown").start(() -> proxy.proxy().shutdown());

        long[] goAway = watcher.goAway.get(10, TimeUnit.SECONDS);
        assertEquals(Http2Error.NO_ERROR.code(), goAway[1], "a graceful GOAWAY");
        assertTrue(
            goAway[0] >= s.stream().id(),
            "GOAWAY last-stream-id " + goAway[0] + " covers stream " + s.stream().id());
        // The listener closed before GOAWAY went out.
        assertThrows(
            ConnectException.class,
            () -> new Socket(proxy.address().getAddress(), proxy.port()).close());
        assertTrue(shutdown.isAlive(), "the drain waits for the stream in flight");
        assertTrue(client.isActive(), "the connection stays open while its stream is in flight");

        upstreamStream
            .executor()
            .execute(() -> upstreamStream.writeAndFlush(data("finally", true)));

        Data end = rsp.next(Data.class);
        assertEquals("finally", end.text());
        assertTrue(end.endStream());
        rsp.next(Closed.class);
        // With its last stream done, the connection closes and the drain ends.
        assertTrue(
            client.closeFuture().await(10, TimeUnit.SECONDS),
            "the proxy closed the drained connection");
        shutdown.join(Duration.ofSeconds(10));
        assertFalse(shutdown.isAlive(), "shutdown finished once the stream ended");
      } finally {
        proxy.close();
        if (shutdown != null) {
          shutdown.join(Duration.ofSeconds(10));
        }
      }
    }
  }
}
