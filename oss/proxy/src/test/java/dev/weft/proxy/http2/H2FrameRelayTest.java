package dev.weft.proxy.http2;

import static dev.weft.proxy.http2.H2Peers.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.TestProxy;
import dev.weft.proxy.http2.StreamEvents.Closed;
import dev.weft.proxy.http2.StreamEvents.Data;
import dev.weft.proxy.http2.StreamEvents.Headers;
import dev.weft.proxy.http2.StreamEvents.Reset;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain HTTP/2 (not gRPC) through the proxy, frame by frame: bodies, trailers, resets both ways.
 */
class H2FrameRelayTest {
  private static final Map<String, CompletableFuture<StreamEvents>> upstreamStreams =
      new ConcurrentHashMap<>();
  private static H2Peers peers;
  private static TestProxy proxy;
  private static Channel client;

  @BeforeAll
  static void start() throws Exception {
    peers = new H2Peers();
    Channel server = peers.serve(UpstreamStream::new);
    proxy = TestProxy.start((InetSocketAddress) server.localAddress());
    client = peers.connect(proxy.address(), null);
  }

  @AfterAll
  static void stop() {
    client.close().syncUninterruptibly();
    proxy.close();
    peers.close();
  }

  /** The upstream's side of the stream whose request path is {@code path}. */
  private static StreamEvents upstreamStream(String path) throws Exception {
    return upstreamStreams
        .computeIfAbsent(path, p -> new CompletableFuture<>())
        .get(10, TimeUnit.SECONDS);
  }

  private static Http2Headers request(String method, String path) {
    return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("h2.test");
  }

  /**
   * The upstream's answers, by path. /echo: once the request ended, 200, the request's body back in
   * as many DATA frames as it came in, and trailers describing what arrived. /hold: 200, then
   * nothing. /reset: 200, "partial", then RST_STREAM(ENHANCE_YOUR_CALM).
   */
  private static final class UpstreamStream extends StreamEvents {
    private String path;
    private final List<String> chunks = new ArrayList<>();

    @Override
    protected void on(ChannelHandlerContext ctx, Object event) {
      switch (event) {
        case Headers h when path == null -> {
          path = h.headers().path().toString();
          upstreamStreams.computeIfAbsent(path, p -> new CompletableFuture<>()).complete(this);
          if (path.startsWith("/hold")) {
            ctx.writeAndFlush(
                new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
          } else if (path.startsWith("/reset")) {
            ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")));
            // Outside the read loop, where a stream's flush is not deferred: "partial" goes out
            // right
            // before the reset (which would discard it if it were still unflushed).
            ctx.executor()
                .execute(() -> {
                  ctx.writeAndFlush(data("partial", false));
                  ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.ENHANCE_YOUR_CALM));
                });
          } else if (h.endStream()) {
            answer(ctx, null);
          }
        }
        case Data d -> {
          chunks.add(d.text());
          if (d.endStream()) {
            answer(ctx, null);
          }
        }
        case Headers trailers -> answer(ctx, trailers.headers());
        default -> {}
      }
    }

    private void answer(ChannelHandlerContext ctx, Http2Headers trailers) {
      ctx.write(
          new DefaultHttp2HeadersFrame(
              new DefaultHttp2Headers().status("200").add("x-upstream", "echo")));
      for (String c : chunks) {
        ctx.write(data(c, false));
      }
      CharSequence t = trailers == null ? null : trailers.get("x-client-trailer");
      ctx.writeAndFlush(
          new DefaultHttp2HeadersFrame(
              new DefaultHttp2Headers()
                  .add("x-request-trailer", t == null ? "none" : t)
                  .add("x-request-chunks", String.join("|", chunks)),
              true));
    }
  }

  @Test
  void bodyInSeveralFramesAndTrailersBothWays() throws Exception {
    StreamEvents rsp = new StreamEvents();
    Http2StreamChannel s = H2Peers.open(client, rsp);
    s.write(
        new DefaultHttp2HeadersFrame(
            request("POST", "/echo/trailers").add("x-custom", "c1"), false));
    s.writeAndFlush(data("alpha-", false));
    s.writeAndFlush(data("beta-", false));
    s.writeAndFlush(data("gamma", false));
    s.writeAndFlush(
        new DefaultHttp2HeadersFrame(
            new DefaultHttp2Headers().add("x-client-trailer", "t-123"), true));

    Headers head = rsp.next(Headers.class);
    assertEquals("200", head.headers().status().toString());
    assertEquals("echo", head.headers().get("x-upstream").toString());
    assertFalse(head.endStream());
    StringBuilder body = new StringBuilder();
    Object e;
    while ((e = rsp.next(Object.class)) instanceof Data d) {
      assertFalse(d.endStream(), "the body is followed by trailers");
      body.append(d.text());
    }
    assertEquals("alpha-beta-gamma", body.toString());
    Headers trailers = assertTrailers(e);
    // The trailers the client sent reached the upstream as trailers, after the whole body.
    assertEquals("t-123", trailers.headers().get("x-request-trailer").toString());
    String chunks = trailers.headers().get("x-request-chunks").toString();
    assertEquals("alpha-beta-gamma", chunks.replace("|", ""), chunks);
    rsp.next(Closed.class);

    Headers req = upstreamStream("/echo/trailers").next(Headers.class);
    assertEquals("POST", req.headers().method().toString());
    assertEquals("h2.test", req.headers().authority().toString());
    assertEquals("c1", req.headers().get("x-custom").toString());
  }

  private static Headers assertTrailers(Object e) {
    Headers trailers = assertInstanceOf(Headers.class, e);
    assertTrue(trailers.endStream(), "trailers end the stream");
    assertNull(trailers.headers().status(), "trailers carry no :status");
    return trailers;
  }

  @Test
  void requestWithoutBodyGetsTheWholeAnswer() throws Exception {
    StreamEvents rsp = new StreamEvents();
    Http2StreamChannel s = H2Peers.open(client, rsp);
    s.writeAndFlush(new DefaultHttp2HeadersFrame(request("GET", "/echo/empty"), true));

    assertEquals("200", rsp.next(Headers.class).headers().status().toString());
    Headers trailers = assertTrailers(rsp.next(Object.class));
    assertEquals("none", trailers.headers().get("x-request-trailer").toString());
    rsp.next(Closed.class);
  }

  /**
   * Each reset test runs on several streams: the frames before a reset and the reset itself often
   * reach the proxy in one read, which is the case that matters, but not always.
   */
  private static final int RESET_STREAMS = 20;

  @Test
  void clientResetReachesTheUpstreamStream() throws Exception {
    for (int i = 0; i < RESET_STREAMS; i++) {
      StreamEvents rsp = new StreamEvents();
      Http2StreamChannel s = H2Peers.open(client, rsp);
      String path = "/hold/client-reset/" + i;
      s.writeAndFlush(new DefaultHttp2HeadersFrame(request("POST", path), false));
      assertEquals("200", rsp.next(Headers.class).headers().status().toString());
      StreamEvents up = upstreamStream(path);
      up.next(Headers.class);

      s.writeAndFlush(data("last words", false));
      s.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));

      // What the client sent before its reset is relayed before the reset, as it was sent.
      assertEquals("last words", up.next(Data.class).text(), path);
      assertEquals(Http2Error.CANCEL.code(), up.next(Reset.class).errorCode(), path);
      up.next(Closed.class);
      rsp.next(Closed.class);
    }
    assertTrue(client.isActive(), "a reset ends the stream, not the connection");
  }

  @Test
  void upstreamResetReachesTheClient() throws Exception {
    for (int i = 0; i < RESET_STREAMS; i++) {
      StreamEvents rsp = new StreamEvents();
      Http2StreamChannel s = H2Peers.open(client, rsp);
      String path = "/reset/upstream/" + i;
      s.writeAndFlush(new DefaultHttp2HeadersFrame(request("GET", path), true));

      assertEquals("200", rsp.next(Headers.class).headers().status().toString());
      assertEquals(
          "partial",
          rsp.next(Data.class).text(),
          path + ": what the upstream sent before its reset");
      assertEquals(
          Http2Error.ENHANCE_YOUR_CALM.code(),
          rsp.next(Reset.class).errorCode(),
          path + ": the upstream's code");
      rsp.next(Closed.class);
    }
    assertTrue(client.isActive(), "a reset ends the stream, not the connection");
  }
}
