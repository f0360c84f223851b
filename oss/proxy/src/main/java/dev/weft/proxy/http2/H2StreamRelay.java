package dev.weft.proxy.http2;

import dev.weft.proxy.errors.ErrorResponses;
import dev.weft.proxy.errors.ProxyError;
import dev.weft.proxy.metrics.RouteMetrics;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.transport.Reading;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One client stream relayed to one upstream stream, frame by frame: headers, data and trailers in
 * both directions, resets both ways, and flow control end to end (a side stops reading, and so
 * stops granting window, while the other side's stream is not writable).
 */
final class H2StreamRelay extends ChannelInboundHandlerAdapter {
  private final H2Forwarder forwarder;
  private final H2Upstream upstream;
  private final TargetMetrics connMetrics;
  private final ArrayDeque<Http2StreamFrame> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Http2StreamChannel up;

  private RouteMetrics route;
  private boolean grpc;
  private boolean started;
  private long startNanos;
  private long latencyNanos;
  private int status;
  private int grpcStatus = RouteMetrics.NO_GRPC;
  private boolean done;

  /**
   * @param forwarder the stream's target, or null when no route matched (the stream is answered
   *     404)
   * @param connMetrics the meters of the client connection's requests, or null for the target's
   */
  H2StreamRelay(H2Forwarder forwarder, H2Upstream upstream, TargetMetrics connMetrics) {
    this.forwarder = forwarder;
    this.upstream = upstream;
    this.connMetrics = connMetrics;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (done) {
      ReferenceCountUtil.release(msg);
    } else if (msg instanceof Http2HeadersFrame hf) {
      if (!started) {
        start(hf);
      } else {
        forward(new DefaultHttp2HeadersFrame(hf.headers(), hf.isEndStream()));
      }
    } else if (msg instanceof Http2DataFrame df) {
      forward(new DefaultHttp2DataFrame(df.content(), df.isEndStream(), df.padding()));
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void start(Http2HeadersFrame hf) {
    started = true;
    startNanos = System.nanoTime();
    Http2Headers h = hf.headers();
    CharSequence authority = h.authority();
    String a = authority == null ? "" : authority.toString();
    TargetMetrics m =
        connMetrics != null ? connMetrics : forwarder != null ? forwarder.metrics() : null;
    route = m == null ? null : m.route(a);
    if (route != null) {
      route.request();
    }
    grpc = ErrorResponses.isGrpc(h.get(HttpHeaderNames.CONTENT_TYPE));
    if (forwarder == null) {
      ReferenceCountUtil.release(hf);
      fail(new ProxyError(ProxyError.Kind.NO_ROUTE, "no route for authority '" + a + "'"));
      return;
    }
    pending.add(new DefaultHttp2HeadersFrame(h, hf.isEndStream()));
    Reading.pause(ctx.channel());
    upstream.open(new H2ResponseRelay(this), this::opened);
  }

  private void opened(Http2StreamChannel ch, Throwable cause) {
    if (done) {
      if (ch != null) {
        ch.close();
      }
      releasePending();
      return;
    }
    if (cause != null) {
      fail(ProxyError.connectFailed(cause, forwarder.targetText()));
      return;
    }
    up = ch;
    for (Http2StreamFrame f; (f = pending.poll()) != null; ) {
      up.write(f, up.voidPromise());
    }
    up.flush();
    Reading.resume(ctx.channel());
  }

  private void forward(Http2StreamFrame f) {
    if (up == null) {
      pending.add(f);
      return;
    }
    up.write(f, up.voidPromise());
    if (!up.isWritable()) {
      up.flush();
      if (!up.isWritable()) {
        Reading.pause(ctx.channel());
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (up != null) {
      up.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (up != null && ctx.channel().isWritable()) {
      Reading.resume(up);
    }
  }

  void upstreamWritable() {
    if (!done) {
      Reading.resume(ctx.channel());
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2ResetFrame rst) {
      // The client cancelled: cancel upstream with the same code.
      if (up != null && up.isActive()) {
        // Frames relayed before the reset go out first: a reset discards the stream's unflushed
        // DATA.
        up.flush();
        up.writeAndFlush(new DefaultHttp2ResetFrame(rst.errorCode()));
      }
      finish(true);
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!done && up != null && up.isActive()) {
      up.close(); // resets the upstream stream if it has not ended
    }
    finish(true);
    releasePending();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  // ---- response side, called by H2ResponseRelay on the same event loop ----

  void responseFrame(Http2StreamFrame f) {
    if (done) {
      ReferenceCountUtil.release(f);
      return;
    }
    boolean end;
    if (f instanceof Http2HeadersFrame hf) {
      end = hf.isEndStream();
      Http2Headers h = hf.headers();
      if (status == 0) {
        int code = parseStatus(h.status());
        if (code >= 200 || end) {
          status = code;
          latencyNanos = System.nanoTime() - startNanos;
        }
      }
      if (end) {
        grpcStatus = h.getInt("grpc-status", grpcStatus);
      }
      ctx.write(new DefaultHttp2HeadersFrame(h, end), ctx.voidPromise());
    } else if (f instanceof Http2DataFrame df) {
      end = df.isEndStream();
      ctx.write(new DefaultHttp2DataFrame(df.content(), end, df.padding()), ctx.voidPromise());
    } else {
      ReferenceCountUtil.release(f);
      return;
    }
    if (end) {
      ctx.flush();
      finish(false);
    } else if (!ctx.channel().isWritable()) {
      ctx.flush();
      if (!ctx.channel().isWritable()) {
        Reading.pause(up);
      }
    }
  }

  void responseReadComplete() {
    ctx.flush();
  }

  void upstreamReset(Http2Error code) {
    if (!done) {
      ctx.flush(); // as in userEventTriggered: what came before the reset goes out before it
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(code));
      finish(true);
    }
  }

  void upstreamClosed() {
    if (done) {
      return;
    }
    if (status == 0) {
      fail(
          new ProxyError(
              ProxyError.Kind.UPSTREAM_CLOSED, "upstream closed the stream before responding"));
    } else {
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
      finish(true);
    }
  }

  private void fail(ProxyError error) {
    releasePending();
    status = error.kind().status().code();
    latencyNanos = System.nanoTime() - startNanos;
    if (grpc) {
      status = 200;
      grpcStatus = error.kind().grpcStatus();
    }
    for (Http2StreamFrame f : ErrorResponses.http2(error, grpc, ctx.alloc())) {
      ctx.write(f, ctx.voidPromise());
    }
    ctx.flush();
    finish(false);
  }

  private void finish(boolean failed) {
    if (done) {
      return;
    }
    done = true;
    // Reading may have been paused (waiting for the upstream, or for its window); resume it so
    // that frames the client still has queued are drained and released (channelRead drops them
    // once done) and the stream channel can close, instead of holding them until the connection
    // ends.
    Reading.resume(ctx.channel());
    if (route != null) {
      route.response(
          status, grpcStatus, status == 0 ? System.nanoTime() - startNanos : latencyNanos, failed);
    }
  }

  private void releasePending() {
    for (Http2StreamFrame f; (f = pending.poll()) != null; ) {
      ReferenceCountUtil.release(f);
    }
  }

  private static int parseStatus(CharSequence s) {
    if (s == null || s.length() != 3) {
      return 0;
    }
    int code = 0;
    for (int i = 0; i < 3; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      code = code * 10 + (c - '0');
    }
    return code;
  }
}
