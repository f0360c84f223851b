package dev.weft.proxy.http1;

import dev.weft.proxy.errors.ErrorResponses;
import dev.weft.proxy.errors.ProxyError;
import dev.weft.proxy.http2.H2Server;
import dev.weft.proxy.metrics.RouteMetrics;
import dev.weft.proxy.tcp.TcpRelay;
import dev.weft.proxy.transport.Reading;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;

/**
 * One HTTP/1 request and its response, streamed between a client connection and an upstream
 * connection on the same event loop. Bodies flow as they arrive, never buffered whole: when one
 * side's outbound buffer fills, the other side stops reading until it drains.
 *
 * <p>An upstream connection taken from the pool may have been closed by the server just as we
 * reused it; a request with no body that got no response byte is then sent once more on a fresh
 * connection. Everything else that fails before a response becomes a {@link ProxyError} response;
 * after a response started, the client's connection is closed, which is all HTTP/1 can say.
 */
final class Http1Exchange {
  private final Http1ServerHandler server;
  private final ChannelHandlerContext down;
  private final Http1Forwarder forwarder;
  private final Http1Pool pool;
  private final HttpRequest request;
  private ArrayDeque<HttpContent> pendingBody;

  private RouteMetrics route;
  private long startNanos;
  private long latencyNanos;
  private boolean keepAlive;
  private boolean http10;
  private boolean head;
  private boolean upgrade;

  private Channel up;
  private Http1UpstreamHandler upHandler;
  private boolean reused;
  private boolean retried;
  private long bodyBytes;
  private boolean requestComplete;

  private HttpResponse pendingSwitch;
  private boolean interim;
  private boolean responseStarted;
  private int status;
  private boolean reusable;
  private boolean closeAfter;
  private boolean done;

  Http1Exchange(
      Http1ServerHandler server,
      ChannelHandlerContext down,
      Http1Forwarder forwarder,
      Http1Pool pool,
      HttpRequest request) {
    this.server = server;
    this.down = down;
    this.forwarder = forwarder;
    this.pool = pool;
    this.request = request;
  }

  boolean requestComplete() {
    return requestComplete;
  }

  void start() {
    startNanos = System.nanoTime();
    route = server.route(request, forwarder);
    route.request();
    keepAlive = HttpUtil.isKeepAlive(request);
    http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    head = request.method().equals(HttpMethod.HEAD);
    upgrade = HopByHop.isUpgrade(request.headers());
    HopByHop.strip(request.headers(), upgrade);
    if (down.channel() instanceof Http2StreamChannel) {
      HopByHop.stripBridge(request.headers());
    }
    if (forwarder.meshed() && !upgrade) {
      request.headers().set(H2Server.ORIG_PROTO, "HTTP/1.1");
    }
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (upgrade) {
      // The client must wait for 101 before it speaks the new protocol; read nothing until then.
      Reading.pause(down.channel());
    }
    acquire();
  }

  private void acquire() {
    Channel ch = upgrade || retried ? null : pool.poll();
    if (ch != null) {
      reused = true;
      attach(ch, !server.reading()); // inside a read, the read's end flushes
      return;
    }
    reused = false;
    Reading.pause(down.channel());
    Future<Channel> f = forwarder.connect(down.channel().eventLoop(), pool, upgrade);
    f.addListener(x -> connected(f));
  }

  private void connected(Future<Channel> f) {
    if (done) {
      if (f.isSuccess()) {
        f.getNow().close();
      }
      return;
    }
    if (!f.isSuccess()) {
      fail(ProxyError.connectFailed(f.cause(), forwarder.targetText()));
      return;
    }
    attach(f.getNow(), true);
    Reading.resume(f.getNow());
    if (!upgrade) {
      Reading.resume(down.channel());
    }
  }

  private void attach(Channel ch, boolean flush) {
    up = ch;
    upHandler = ch.pipeline().get(Http1UpstreamHandler.class);
    upHandler.attach(this);
    up.write(request, up.voidPromise());
    if (pendingBody != null) {
      for (HttpContent c; (c = pendingBody.poll()) != null; ) {
        up.write(c, up.voidPromise());
      }
    }
    if (flush) {
      up.flush();
    }
  }

  void requestContent(HttpContent c) {
    bodyBytes += c.content().readableBytes();
    if (c instanceof LastHttpContent) {
      requestComplete = true;
    }
    if (up == null) {
      pending().add(c);
      return;
    }
    up.write(c, up.voidPromise());
    if (requestComplete) {
      if (!server.reading()) {
        up.flush();
      }
    } else if (!up.isWritable()) {
      up.flush();
      if (!up.isWritable()) {
        Reading.pause(down.channel());
      }
    }
  }

  void downstreamReadComplete() {
    if (up != null) {
      up.flush();
    }
  }

  void upstreamRead(Object msg) {
    if (done) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof FullHttpResponse full && full.decoderResult().isSuccess()) {
      // A response converted from HTTP/2 whose headers ended the stream.
      onResponse(new DefaultHttpResponse(full.protocolVersion(), full.status(), full.headers()));
      if (!done) {
        onResponseContent(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
      } else {
        full.release();
      }
    } else if (msg instanceof HttpResponse rsp) {
      onResponse(rsp);
    } else if (msg instanceof HttpContent c) {
      onResponseContent(c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponse(HttpResponse rsp) {
    if (rsp.decoderResult().isFailure()) {
      ReferenceCountUtil.release(rsp);
      upstreamBroken(
          new ProxyError(
              ProxyError.Kind.UPSTREAM_MALFORMED,
              "malformed response: " + rsp.decoderResult().cause().getMessage()));
      return;
    }
    int code = rsp.status().code();
    if (code == 101 && upgrade) {
      pendingSwitch = rsp;
      return;
    }
    if (code >= 100 && code < 200) {
      interim = true;
      HopByHop.strip(rsp.headers(), false);
      down.write(rsp, down.voidPromise());
      return;
    }
    responseStarted = true;
    status = code;
    latencyNanos = System.nanoTime() - startNanos;
    reusable = HttpUtil.isKeepAlive(rsp) && !upgrade && !forwarder.meshed();
    HopByHop.strip(rsp.headers(), false);
    if (forwarder.meshed()) {
      HopByHop.stripBridge(rsp.headers());
    }
    rsp.setProtocolVersion(HttpVersion.HTTP_1_1);
    boolean bodyless = head || code == 204 || code == 304;
    if (!bodyless
        && !HttpUtil.isContentLengthSet(rsp)
        && !HttpUtil.isTransferEncodingChunked(rsp)) {
      // The body runs until the upstream closes: the client needs chunks (or, on HTTP/1.0, a
      // close).
      reusable = false;
      if (http10) {
        closeAfter = true;
      } else {
        HttpUtil.setTransferEncodingChunked(rsp, true);
      }
    }
    if (http10 && HttpUtil.isTransferEncodingChunked(rsp)) {
      HttpUtil.setTransferEncodingChunked(rsp, false);
      closeAfter = true;
    }
    if (!keepAlive || server.closing()) {
      closeAfter = true;
    }
    if (closeAfter) {
      rsp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      rsp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    down.write(rsp, down.voidPromise());
  }

  private void onResponseContent(HttpContent c) {
    if (c.decoderResult().isFailure()) {
      ReferenceCountUtil.release(c);
      upstreamBroken(new ProxyError(ProxyError.Kind.UPSTREAM_MALFORMED, "malformed response body"));
      return;
    }
    if (pendingSwitch != null) {
      ReferenceCountUtil.release(c);
      switchProtocols();
      return;
    }
    if (interim) {
      interim = !(c instanceof LastHttpContent);
      down.writeAndFlush(c, down.voidPromise());
      return;
    }
    boolean last = c instanceof LastHttpContent;
    down.write(c, down.voidPromise());
    if (last) {
      complete();
    } else if (!down.channel().isWritable()) {
      down.flush();
      if (!down.channel().isWritable()) {
        Reading.pause(up);
      }
    }
  }

  void upstreamReadComplete() {
    down.flush();
  }

  void upstreamWritable() {
    if (!done && !upgrade) {
      Reading.resume(down.channel());
    }
  }

  void downstreamWritable() {
    if (up != null) {
      Reading.resume(up);
    }
  }

  private void complete() {
    done = true;
    route.response(status, RouteMetrics.NO_GRPC, latencyNanos, false);
    upHandler.detach();
    if (reusable && requestComplete) {
      pool.offer(upHandler);
    } else {
      up.close();
    }
    down.flush();
    server.exchangeDone(closeAfter || !requestComplete);
  }

  /** The upstream connection closed under us. */
  void upstreamClosed() {
    if (done) {
      return;
    }
    if (!responseStarted
        && pendingSwitch == null
        && !interim
        && reused
        && !retried
        && requestComplete
        && bodyBytes == 0) {
      // A pooled connection the server had just closed: nothing was processed, so send it again.
      retried = true;
      upHandler = null;
      up = null;
      pending().add(LastHttpContent.EMPTY_LAST_CONTENT);
      acquire();
      return;
    }
    upstreamBroken(
        new ProxyError(
            ProxyError.Kind.UPSTREAM_CLOSED,
            "upstream closed the connection before the response ended"));
  }

  private void upstreamBroken(ProxyError error) {
    if (done) {
      return;
    }
    if (up != null) {
      upHandler.detach();
      up.close();
    }
    if (!responseStarted && !interim) {
      fail(error);
      return;
    }
    done = true;
    route.response(status, RouteMetrics.NO_GRPC, latencyNanos, true);
    server.exchangeDone(true);
  }

  /** Answers the client with the proxy's own error response. */
  private void fail(ProxyError error) {
    done = true;
    releasePending();
    route.response(
        error.kind().status().code(), RouteMetrics.NO_GRPC, System.nanoTime() - startNanos, false);
    boolean close = !requestComplete || !keepAlive || server.closing() || upgrade;
    down.writeAndFlush(ErrorResponses.http1(error, close, down.alloc()));
    if (!close) {
      Reading.resume(down.channel());
    }
    server.exchangeDone(close);
  }

  /** The client went away: abandon the upstream connection, whatever state it is in. */
  void downstreamClosed() {
    if (done) {
      return;
    }
    done = true;
    releasePending();
    if (up != null) {
      upHandler.detach();
      up.close();
    }
    route.response(
        status,
        RouteMetrics.NO_GRPC,
        responseStarted ? latencyNanos : System.nanoTime() - startNanos,
        true);
  }

  /** 101 Switching Protocols: from here on both connections are relayed as bytes. */
  private void switchProtocols() {
    HttpResponse rsp = pendingSwitch;
    pendingSwitch = null;
    done = true;
    route.response(101, RouteMetrics.NO_GRPC, System.nanoTime() - startNanos, false);
    down.write(rsp, down.voidPromise());
    down.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, down.voidPromise());
    upHandler.detach();
    Channel client = down.channel();
    TcpRelay.join(client, up);
    ChannelPipeline dp = client.pipeline();
    dp.remove("http1-server");
    dp.remove("http1-codec");
    ChannelPipeline upp = up.pipeline();
    upp.remove("http1-upstream");
    upp.remove("http1-codec");
  }

  private ArrayDeque<HttpContent> pending() {
    if (pendingBody == null) {
      pendingBody = new ArrayDeque<>(4);
    }
    return pendingBody;
  }

  private void releasePending() {
    if (pendingBody != null) {
      for (HttpContent c; (c = pendingBody.poll()) != null; ) {
        c.release();
      }
    }
  }
}
