package dev.weft.proxy.http2;

import dev.weft.proxy.balance.OutcomeClassifier;
import dev.weft.proxy.balance.RetryAfter;
import dev.weft.proxy.errors.ErrorResponses;
import dev.weft.proxy.errors.ProxyError;
import dev.weft.proxy.metrics.RouteMetrics;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Discovered;
import dev.weft.proxy.outbound.Dispatch;
import dev.weft.proxy.outbound.Endpoint;
import dev.weft.proxy.outbound.OutboundTargets;
import dev.weft.proxy.outbound.Replay;
import dev.weft.proxy.outbound.Service;
import dev.weft.proxy.outbound.TryTimers;
import dev.weft.proxy.transport.Reading;
import dev.weft.spi.balancer.Outcome;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * One client stream relayed to one upstream stream, frame by frame: headers, data and trailers in
 * both directions, resets both ways, and flow control end to end (a side stops reading, and so
 * stops granting window, while the other side's stream is not writable).
 */
final class H2StreamRelay extends ChannelInboundHandlerAdapter {
  private final H2Forwarder forwarder;
  private H2Upstream upstream;
  private final TargetMetrics connMetrics;
  private final ArrayDeque<Http2StreamFrame> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Http2StreamChannel up;
  private H2ResponseRelay response;

  // Discovered services only: the stream's tries, and what is kept to send it again.
  private final Service service;
  private final OutboundTargets targets;
  private final String orElse;
  private Dispatch dispatch;
  private String targetText;
  private Replay<Http2StreamFrame> replay;
  private TryTimers timers;
  private boolean sent;
  private boolean requestEnded;
  private Outcome.Kind outcome = Outcome.Kind.CANCELLED;
  private long retryAfterNanos;

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
    this.service = null;
    this.targets = null;
    this.orElse = null;
    this.targetText = forwarder == null ? "" : forwarder.targetText();
  }

  /** A stream to a discovered service: each try goes to the endpoint its balancer picks. */
  H2StreamRelay(Service service, Discovered discovered, TargetMetrics connMetrics) {
    this.forwarder = null;
    this.service = service;
    this.targets = discovered.targets();
    this.orElse = discovered.orElse();
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
        connMetrics != null
            ? connMetrics
            : forwarder != null
                ? forwarder.metrics()
                : service != null ? targets.logicalMetrics(service) : null;
    route = m == null ? null : m.route(a);
    if (route != null) {
      route.request();
    }
    grpc = ErrorResponses.isGrpc(h.get(HttpHeaderNames.CONTENT_TYPE));
    if (forwarder == null && service == null) {
      ReferenceCountUtil.release(hf);
      fail(new ProxyError(ProxyError.Kind.NO_ROUTE, "no route for authority '" + a + "'"));
      return;
    }
    requestEnded = hf.isEndStream();
    pending.add(new DefaultHttp2HeadersFrame(h, hf.isEndStream()));
    Reading.pause(ctx.channel());
    if (service == null) {
      open();
      return;
    }
    String path = h.path() == null ? "" : h.path().toString();
    int q = path.indexOf('?');
    Dispatch.start(
        targets,
        service,
        orElse,
        h.method() == null ? "" : h.method().toString(),
        q < 0 ? path : path.substring(0, q),
        name -> {
          CharSequence v = h.get(name);
          return v == null ? null : v.toString();
        },
        ctx.channel().eventLoop(),
        this::dispatched,
        error -> {
          if (!done) {
            fail(error);
          }
        });
  }

  private void open() {
    response = new H2ResponseRelay(this);
    upstream.open(response, this::opened);
  }

  private void dispatched(Dispatch d) {
    if (done) {
      return;
    }
    dispatch = d;
    if (d.replayLimit() > 0) {
      replay = new Replay<>(d.replayLimit(), H2StreamRelay::copy);
      for (Http2StreamFrame f : pending) {
        keep(f);
      }
    }
    timers = new TryTimers(ctx.executor());
    Duration timeout = d.requestTimeout();
    timers.request(
        timeout, () -> timedOut("request timeout " + timeout.toMillis() + " ms expired"));
    nextTry();
  }

  /** Starts a try on the endpoint the balancer picks. */
  private void nextTry() {
    Endpoint e = dispatch.next();
    if (e == null) {
      fail(dispatch.unavailable());
      return;
    }
    H2Forwarder f = e.connections().http2();
    targetText = f.targetText();
    upstream = f.upstream(ctx.channel().eventLoop());
    outcome = Outcome.Kind.CANCELLED;
    retryAfterNanos = 0;
    open();
  }

  /** Keeps a copy of a request frame while the request still fits the replay limit. */
  private void keep(Http2StreamFrame f) {
    replay.keep(copy(f), f instanceof Http2DataFrame df ? df.content().readableBytes() : 0);
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
      if (dispatch != null) {
        // Nothing was sent: the frames waiting in pending go to the next endpoint as they are.
        if (dispatch.unreachable(true)) {
          nextTry();
          return;
        }
      }
      outcome = Outcome.Kind.UNREACHABLE;
      fail(ProxyError.connectFailed(cause, targetText));
      return;
    }
    up = ch;
    sent = true;
    if (dispatch != null) {
      Duration perTry = dispatch.perTryTimeout();
      timers.perTry(perTry, () -> tryTimedOut(perTry));
      if (requestEnded) {
        armResponseTimer();
      }
    }
    for (Http2StreamFrame f; (f = pending.poll()) != null; ) {
      up.write(f, up.voidPromise());
    }
    up.flush();
    Reading.resume(ctx.channel());
  }

  private void forward(Http2StreamFrame f) {
    if (replay != null) {
      keep(f);
    }
    if (f instanceof Http2HeadersFrame hf ? hf.isEndStream() : ((Http2DataFrame) f).isEndStream()) {
      requestEnded = true;
      if (up != null && dispatch != null) {
        armResponseTimer();
      }
    }
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
      outcome = Outcome.Kind.CANCELLED; // the client's doing, not the endpoint's
      finish(true);
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!done) {
      outcome = Outcome.Kind.CANCELLED;
    }
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
      if (status == 0 && dispatch != null && !response(hf)) {
        return;
      }
      if (status != 0 && end && dispatch != null) {
        int g = h.getInt("grpc-status", -1);
        if (g > 0) {
          outcome = OutcomeClassifier.classify(200, g);
        }
      }
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

  /**
   * The response headers of a try to a discovered service: retried if the route says so and it may
   * be, else relayed. Returns whether the frame is still to be relayed.
   */
  private boolean response(Http2HeadersFrame hf) {
    Http2Headers h = hf.headers();
    int code = parseStatus(h.status());
    if (code < 200 && !hf.isEndStream()) {
      return true; // interim
    }
    int g = hf.isEndStream() ? h.getInt("grpc-status", -1) : -1;
    outcome =
        g > 0
            ? OutcomeClassifier.classify(200, g)
            : OutcomeClassifier.classify(code, OutcomeClassifier.NO_GRPC_STATUS);
    CharSequence ra = h.get(HttpHeaderNames.RETRY_AFTER);
    retryAfterNanos =
        outcome == Outcome.Kind.OVERLOADED && ra != null
            ? RetryAfter.parseNanos(ra.toString(), Instant.now())
            : 0;
    if ((dispatch.retriesStatus(code) || (g > 0 && dispatch.retriesGrpc(g)))
        && retryNow("status")) {
      ReferenceCountUtil.release(hf);
      return false;
    }
    timers.headers();
    dispatch.responded();
    return true;
  }

  /**
   * Abandons the current try (its stream is reset) and starts another, if the route's limit, the
   * frames kept and the service's budget allow it.
   */
  private boolean retryNow(String reason) {
    if (!dispatch.retry(reason, !sent || replay != null && replay.whole())) {
      return false;
    }
    timers.tryEnded();
    if (response != null) {
      response.detach();
    }
    if (up != null) {
      up.close(); // resets the stream if it has not ended
      up = null;
    }
    dispatch.ended(outcome, retryAfterNanos);
    if (sent) {
      releasePending();
      replay.copies(pending::add);
      sent = false;
    }
    Reading.pause(ctx.channel()); // until the next try's stream is open
    nextTry();
    return true;
  }

  private static Http2StreamFrame copy(Http2StreamFrame f) {
    if (f instanceof Http2DataFrame df) {
      return new DefaultHttp2DataFrame(df.content().retainedDuplicate(), df.isEndStream());
    }
    Http2HeadersFrame hf = (Http2HeadersFrame) f;
    return new DefaultHttp2HeadersFrame(hf.headers(), hf.isEndStream());
  }

  private void tryTimedOut(Duration perTry) {
    if (done || status != 0) {
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
    if (done || status != 0) {
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
          if (done) {
            return;
          }
          outcome = Outcome.Kind.FAILURE;
          ProxyError e =
              new ProxyError(
                  ProxyError.Kind.TIMEOUT, "response timeout " + t.toMillis() + " ms expired");
          if (status == 0) {
            abandon(e);
            return;
          }
          // The response started: cancel upstream, and end the client's stream as its
          // protocol can (gRPC: DEADLINE_EXCEEDED in trailers; else a reset).
          if (response != null) {
            response.detach();
          }
          if (up != null) {
            up.close();
          }
          if (grpc) {
            ctx.flush();
            ctx.writeAndFlush(ErrorResponses.grpcTrailers(e));
            grpcStatus = e.kind().grpcStatus();
            finish(false);
          } else {
            ctx.flush();
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
            finish(true);
          }
        });
  }

  /** Cancels the upstream stream and answers the client with error. */
  private void abandon(ProxyError error) {
    if (response != null) {
      response.detach();
    }
    if (up != null) {
      up.close();
    }
    fail(error);
  }

  void responseReadComplete() {
    ctx.flush();
  }

  void upstreamReset(Http2Error code) {
    if (!done
        && dispatch != null
        && status == 0
        && (code == Http2Error.REFUSED_STREAM || dispatch.idempotent())) {
      // REFUSED_STREAM promises the request was not processed: any request may go elsewhere.
      outcome = Outcome.Kind.UNREACHABLE;
      if (retryNow(code == Http2Error.REFUSED_STREAM ? "refused" : "closed")) {
        return;
      }
    }
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
      outcome = Outcome.Kind.UNREACHABLE;
      if (dispatch != null && dispatch.idempotent() && retryNow("closed")) {
        return;
      }
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
    if (dispatch != null) {
      timers.cancelAll();
      if (dispatch.trying()) {
        dispatch.ended(
            failed && outcome == Outcome.Kind.SUCCESS ? Outcome.Kind.FAILURE : outcome,
            retryAfterNanos);
      }
      if (replay != null) {
        replay.release();
      }
    }
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
