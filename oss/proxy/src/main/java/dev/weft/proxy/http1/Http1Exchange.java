package dev.weft.proxy.http1;

import dev.weft.proxy.balance.OutcomeClassifier;
import dev.weft.proxy.balance.RetryAfter;
import dev.weft.proxy.errors.ErrorResponses;
import dev.weft.proxy.errors.ProxyError;
import dev.weft.proxy.http2.H2Server;
import dev.weft.proxy.metrics.RouteMetrics;
import dev.weft.proxy.outbound.Discovered;
import dev.weft.proxy.outbound.Dispatch;
import dev.weft.proxy.outbound.Endpoint;
import dev.weft.proxy.outbound.OutboundTargets;
import dev.weft.proxy.outbound.Replay;
import dev.weft.proxy.outbound.Service;
import dev.weft.proxy.outbound.TryTimers;
import dev.weft.proxy.tcp.TcpRelay;
import dev.weft.proxy.transport.Reading;
import dev.weft.spi.balancer.Outcome;
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
import java.time.Duration;
import java.time.Instant;
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
  private final HttpRequest request;
  private final Service service;
  private final OutboundTargets targets;
  private final String orElse;
  private Http1Forwarder forwarder;
  private Http1Pool pool;
  private ArrayDeque<HttpContent> pendingBody;

  // Discovered services only: the request's tries, and what is kept to send it again.
  private Dispatch dispatch;
  private Replay<HttpContent> replay;
  private TryTimers timers;
  private boolean attached;
  private Outcome.Kind outcome = Outcome.Kind.CANCELLED;
  private long retryAfterNanos;

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

  /** An exchange with a fixed target. */
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
    this.service = null;
    this.targets = null;
    this.orElse = null;
  }

  /** An exchange with a discovered service: each try goes to the endpoint its balancer picks. */
  Http1Exchange(
      Http1ServerHandler server,
      ChannelHandlerContext down,
      Service service,
      Discovered discovered,
      HttpRequest request) {
    this.server = server;
    this.down = down;
    this.service = service;
    this.targets = discovered.targets();
    this.orElse = discovered.orElse();
    this.request = request;
  }

  boolean requestComplete() {
    return requestComplete;
  }

  void start() {
    startNanos = System.nanoTime();
    route =
        service != null
            ? server.route(request, targets.logicalMetrics(service))
            : server.route(request, forwarder.metrics());
    route.request();
    keepAlive = HttpUtil.isKeepAlive(request);
    http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    head = request.method().equals(HttpMethod.HEAD);
    upgrade = HopByHop.isUpgrade(request.headers());
    HopByHop.strip(request.headers(), upgrade);
    if (down.channel() instanceof Http2StreamChannel) {
      HopByHop.stripBridge(request.headers());
    }
    request.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (upgrade) {
      // The client must wait for 101 before it speaks the new protocol; read nothing until then.
      Reading.pause(down.channel());
    }
    if (service == null) {
      markBridged();
      acquire();
      return;
    }
    // Until discovery has answered there is nowhere to send the body: read no more of it.
    Reading.pause(down.channel());
    String uri = request.uri();
    int q = uri.indexOf('?');
    Dispatch.start(
        targets,
        service,
        orElse,
        request.method().name(),
        q < 0 ? uri : uri.substring(0, q),
        name -> request.headers().get(name),
        down.channel().eventLoop(),
        this::dispatched,
        error -> {
          if (!done) {
            fail(error);
          }
        });
  }

  /** A peer proxy is told that this request was HTTP/1, to convert it back. */
  private void markBridged() {
    if (forwarder.meshed() && !upgrade) {
      request.headers().set(H2Server.ORIG_PROTO, "HTTP/1.1");
    } else {
      request.headers().remove(H2Server.ORIG_PROTO);
    }
  }

  private void dispatched(Dispatch d) {
    if (done) {
      return;
    }
    dispatch = d;
    int limit = upgrade ? 0 : d.replayLimit();
    if (limit > 0) {
      replay = new Replay<>(limit, HttpContent::retainedDuplicate);
      if (pendingBody != null) {
        for (HttpContent c : pendingBody) {
          replay.keep(c.retainedDuplicate(), c.content().readableBytes());
        }
      }
    }
    timers = new TryTimers(down.executor());
    Duration timeout = d.requestTimeout();
    timers.request(
        timeout, () -> timedOut("request timeout " + timeout.toMillis() + " ms expired"));
    Reading.resume(down.channel());
    nextTry();
  }

  /** Starts a try on the endpoint the balancer picks. */
  private void nextTry() {
    Endpoint e = dispatch.next();
    if (e == null) {
      fail(dispatch.unavailable());
      return;
    }
    forwarder = e.connections().http1();
    pool = forwarder.pool(down.channel().eventLoop());
    markBridged();
    outcome = Outcome.Kind.CANCELLED;
    retryAfterNanos = 0;
    acquire();
  }

  private void acquire() {
    Channel ch = upgrade || retried ? null : pool.poll();
    if (ch != null) {
      reused = true;
      attach(ch, !server.reading()); // inside a read, the read's end flushes
      // A try after a failed connect, or after waiting for discovery, found reading paused.
      Reading.resume(down.channel());
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
      if (dispatch != null) {
        // Nothing was sent: the body waiting in pendingBody goes to the next endpoint as it is.
        if (dispatch.unreachable(!upgrade)) {
          nextTry();
          return;
        }
      }
      outcome = Outcome.Kind.UNREACHABLE;
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
    Http1UpstreamHandler handler = ch.pipeline().get(Http1UpstreamHandler.class);
    if (handler == null || !ch.isActive()) {
      closedBeforeUse(ch);
      return;
    }
    up = ch;
    attached = true;
    upHandler = handler;
    upHandler.attach(this);
    if (dispatch != null) {
      Duration perTry = dispatch.perTryTimeout();
      timers.perTry(perTry, () -> tryTimedOut(perTry));
      if (requestComplete) {
        armResponseTimer();
      }
    }
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

  /**
   * The connection closed between its connect (or its pooling) and now, an endpoint that just died,
   * so its handler told nobody. Nothing was sent on it: the request goes to another connection as
   * if the connect had failed.
   */
  private void closedBeforeUse(Channel ch) {
    ch.close();
    if (dispatch != null) {
      if (dispatch.unreachable(!upgrade)) {
        nextTry();
        return;
      }
    } else if (!retried) {
      retried = true;
      acquire();
      return;
    }
    outcome = Outcome.Kind.UNREACHABLE;
    fail(
        new ProxyError(
            ProxyError.Kind.CONNECT_FAILED,
            "the connection to " + forwarder.targetText() + " closed as it opened"));
  }

  void requestContent(HttpContent c) {
    bodyBytes += c.content().readableBytes();
    if (replay != null) {
      replay.keep(c.retainedDuplicate(), c.content().readableBytes());
    }
    if (c instanceof LastHttpContent) {
      requestComplete = true;
      if (attached && dispatch != null) {
        armResponseTimer();
      }
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
    if (dispatch != null) {
      outcome = OutcomeClassifier.classify(code, OutcomeClassifier.NO_GRPC_STATUS);
      retryAfterNanos =
          outcome == Outcome.Kind.OVERLOADED
              ? RetryAfter.parseNanos(rsp.headers().get(HttpHeaderNames.RETRY_AFTER), Instant.now())
              : 0;
      if (dispatch.retriesStatus(code) && !upgrade && retryNow("status")) {
        ReferenceCountUtil.release(rsp);
        return;
      }
      timers.headers();
      dispatch.responded();
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
    endDispatch(outcome);
    route.response(status, RouteMetrics.NO_GRPC, latencyNanos, false);
    upHandler.detach();
    if (reusable && requestComplete && !forwarder.retired()) {
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
    if (dispatch != null
        && !responseStarted
        && pendingSwitch == null
        && !interim
        && dispatch.idempotent()) {
      // The endpoint went away with the request (a replica stopped): another one may answer it.
      outcome = Outcome.Kind.UNREACHABLE;
      if (retryNow("closed")) {
        return;
      }
    }
    upstreamBroken(
        new ProxyError(
            ProxyError.Kind.UPSTREAM_CLOSED,
            "upstream closed the connection before the response ended"));
  }

  /**
   * Abandons the current try and starts another, if the route's limit, the body kept and the
   * service's budget allow it.
   */
  private boolean retryNow(String reason) {
    if (!dispatch.retry(reason, !attached || replay != null && replay.whole())) {
      return false;
    }
    timers.tryEnded();
    if (up != null) {
      upHandler.detach();
      up.close();
      up = null;
      upHandler = null;
    }
    dispatch.ended(outcome, retryAfterNanos);
    if (attached) {
      // What was sent is gone with the connection: the next try gets the kept copy.
      releasePending();
      replay.copies(pending()::add);
      attached = false;
    }
    interim = false;
    retried = true; // never a pooled connection: the one that failed may have been one
    nextTry();
    return true;
  }

  private void tryTimedOut(Duration perTry) {
    if (done || responseStarted) {
      return;
    }
    outcome = Outcome.Kind.FAILURE;
    if (retryNow("per-try-timeout")) {
      return;
    }
    abandon(
        new ProxyError(
            ProxyError.Kind.TIMEOUT, "per-try timeout " + perTry.toMillis() + " ms expired"));
  }

  private void timedOut(String why) {
    if (done || responseStarted) {
      return;
    }
    outcome = Outcome.Kind.FAILURE;
    abandon(new ProxyError(ProxyError.Kind.TIMEOUT, why));
  }

  private void armResponseTimer() {
    Duration t = dispatch.responseTimeout();
    timers.response(
        t,
        () -> {
          if (!done) {
            outcome = Outcome.Kind.FAILURE;
            upstreamBroken(
                new ProxyError(
                    ProxyError.Kind.TIMEOUT, "response timeout " + t.toMillis() + " ms expired"));
          }
        });
  }

  /** Cancels the upstream request (its connection closes) and answers the client with error. */
  private void abandon(ProxyError error) {
    if (up != null) {
      upHandler.detach();
      up.close();
    }
    fail(error);
  }

  /** Ends the current try, if any, and the timers and copies of the request. */
  private void endDispatch(Outcome.Kind kind) {
    if (dispatch == null) {
      return;
    }
    timers.cancelAll();
    if (dispatch.trying()) {
      dispatch.ended(kind, retryAfterNanos);
    }
    if (replay != null) {
      replay.release();
    }
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
      if (outcome == Outcome.Kind.CANCELLED) {
        outcome = Outcome.Kind.UNREACHABLE;
      }
      fail(error);
      return;
    }
    done = true;
    endDispatch(Outcome.Kind.FAILURE);
    route.response(status, RouteMetrics.NO_GRPC, latencyNanos, true);
    server.exchangeDone(true);
  }

  /** Answers the client with the proxy's own error response. */
  private void fail(ProxyError error) {
    done = true;
    endDispatch(outcome);
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
    endDispatch(Outcome.Kind.CANCELLED);
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
    endDispatch(Outcome.Kind.SUCCESS);
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
