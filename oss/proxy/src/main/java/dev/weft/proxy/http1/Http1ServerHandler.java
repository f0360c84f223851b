package dev.weft.proxy.http1;

import dev.weft.proxy.errors.ErrorResponses;
import dev.weft.proxy.errors.ProxyError;
import dev.weft.proxy.listen.DrainEvent;
import dev.weft.proxy.metrics.RouteMetrics;
import dev.weft.proxy.metrics.TargetMetrics;
import dev.weft.proxy.outbound.Discovered;
import dev.weft.proxy.outbound.Service;
import dev.weft.proxy.transport.Reading;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * The HTTP/1 server side of one client connection. Requests are answered in order, one {@link
 * Http1Exchange} at a time; what a pipelining client sends meanwhile waits in a bounded queue (the
 * connection stops reading when it fills). A malformed request gets a 400 and closes this
 * connection only.
 */
final class Http1ServerHandler extends ChannelInboundHandlerAdapter {
  private static final int MAX_QUEUED = 64;

  private final Function<String, Http1Forwarder> router;
  private final Discovered discovered;
  private final TargetMetrics connMetrics;
  private final ArrayDeque<Object> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Http1Exchange current;
  private boolean closing;
  private boolean paused;
  private boolean inputClosed;
  private boolean reading;
  private String lastAuthority;
  private Http1Forwarder lastForwarder;
  private RouteMetrics lastRoute;
  private TargetMetrics lastMetrics;

  /**
   * @param router a request's target by its {@code Host}; null when no route matches
   * @param connMetrics the meters of this connection's requests, or null for the target's
   */
  Http1ServerHandler(Function<String, Http1Forwarder> router, TargetMetrics connMetrics) {
    this(router, null, connMetrics);
  }

  /**
   * @param discovered where requests that no fixed route takes go, or null for nowhere
   */
  Http1ServerHandler(
      Function<String, Http1Forwarder> router, Discovered discovered, TargetMetrics connMetrics) {
    this.router = router;
    this.discovered = discovered;
    this.connMetrics = connMetrics;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Whether a read of the client's connection is under way; its end flushes what it wrote upstream.
   */
  boolean reading() {
    return reading;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    reading = true;
    if (!queued.isEmpty() || (current != null && current.requestComplete())) {
      queued.add(msg);
      if (queued.size() > MAX_QUEUED && !paused) {
        paused = true;
        Reading.pause(ctx.channel());
      }
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest req) {
      if (closing) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (req.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        badRequest(req.decoderResult().cause());
        return;
      }
      LastHttpContent whole = null;
      if (req instanceof FullHttpRequest full) {
        // A stream converted from HTTP/2 whose headers ended it: a request, then its (empty) end.
        whole = new DefaultLastHttpContent(full.content(), full.trailingHeaders());
        req =
            new DefaultHttpRequest(
                full.protocolVersion(), full.method(), full.uri(), full.headers());
      }
      String host = req.headers().get(HttpHeaderNames.HOST);
      Http1Forwarder forwarder = router.apply(host == null ? "" : host);
      Service service =
          forwarder == null && discovered != null
              ? discovered.services().apply(host == null ? "" : host)
              : null;
      if (service != null) {
        current = new Http1Exchange(this, ctx, service, discovered, req);
        current.start();
        if (whole != null && current != null) {
          current.requestContent(whole);
        } else if (whole != null) {
          whole.release();
        }
        return;
      }
      if (forwarder == null) {
        if (whole != null) {
          whole.release();
        }
        closing = true;
        ctx.writeAndFlush(
                ErrorResponses.http1(
                    new ProxyError(
                        ProxyError.Kind.NO_ROUTE, "no route for authority '" + host + "'"),
                    true,
                    ctx.alloc()))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      lastForwarder = forwarder;
      current =
          new Http1Exchange(this, ctx, forwarder, forwarder.pool(ctx.channel().eventLoop()), req);
      current.start();
      if (whole != null && current != null) {
        current.requestContent(whole);
      } else if (whole != null) {
        whole.release();
      }
    } else if (msg instanceof HttpContent c) {
      if (c.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        if (current != null) {
          current.downstreamClosed();
          current = null;
        }
        badRequest(c.decoderResult().cause());
      } else if (current != null && !current.requestComplete()) {
        current.requestContent(c);
      } else {
        ReferenceCountUtil.release(msg); // the body of a request that was already refused
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void badRequest(Throwable cause) {
    closing = true;
    String why = cause == null ? "unparseable request" : cause.getMessage();
    ctx.writeAndFlush(
            ErrorResponses.http1(
                new ProxyError(ProxyError.Kind.BAD_REQUEST, String.valueOf(why)),
                true,
                ctx.alloc()))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /** Called by the exchange when its response is written; starts the next queued request. */
  void exchangeDone(boolean close) {
    current = null;
    if (close || closing) {
      closing = true;
      releaseQueued();
      ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    while (!queued.isEmpty() && (current == null || !current.requestComplete())) {
      dispatch(queued.poll());
    }
    if (current == null && queued.isEmpty() && inputClosed) {
      ctx.close();
      return;
    }
    if (paused && queued.size() <= MAX_QUEUED / 2) {
      paused = false;
      Reading.resume(ctx.channel());
    }
  }

  /** Whether responses must close the connection (a drain, or a client that asked for it). */
  boolean closing() {
    return closing || (lastForwarder != null && lastForwarder.draining());
  }

  RouteMetrics route(HttpRequest req, TargetMetrics targetMetrics) {
    String authority = req.headers().get(HttpHeaderNames.HOST);
    if (authority == null) {
      authority = "";
    }
    if (!authority.equals(lastAuthority) || lastRoute == null || targetMetrics != lastMetrics) {
      lastAuthority = authority;
      lastMetrics = targetMetrics;
      lastRoute = (connMetrics != null ? connMetrics : targetMetrics).route(authority);
    }
    return lastRoute;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    if (current != null) {
      current.downstreamReadComplete();
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null && ctx.channel().isWritable()) {
      current.downstreamWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == DrainEvent.INSTANCE) {
      closing = true;
      if (current == null) {
        releaseQueued();
        ctx.close();
      }
      return;
    }
    if (evt instanceof ChannelInputShutdownEvent) {
      // The client sent its last byte: answer what it asked, then close. A request whose body
      // was cut off can never complete, so it is abandoned rather than left for the upstream to
      // wait on.
      inputClosed = true;
      if (current != null && !current.requestComplete()) {
        current.downstreamClosed();
        current = null;
        releaseQueued();
        ctx.close();
      } else if (current == null && queued.isEmpty()) {
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null) {
      current.downstreamClosed();
      current = null;
    }
    releaseQueued();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseQueued();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void releaseQueued() {
    for (Object m; (m = queued.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
  }
}
