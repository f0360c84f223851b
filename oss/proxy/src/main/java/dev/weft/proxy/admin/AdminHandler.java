package dev.weft.proxy.admin;

import dev.weft.proxy.metrics.ProxyMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.function.BooleanSupplier;

/** Answers admin requests; see {@link AdminServer}. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
  private static final String CYCLONEDX = "application/vnd.cyclonedx+json";

  private final ProxyMetrics metrics;
  private final BooleanSupplier ready;
  private final Runnable shutdown;
  private final EmbeddedSbom sbom;

  AdminHandler(ProxyMetrics metrics, BooleanSupplier ready, Runnable shutdown, EmbeddedSbom sbom) {
    this.metrics = metrics;
    this.ready = ready;
    this.shutdown = shutdown;
    this.sbom = sbom;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (req.decoderResult().isFailure()) {
      respond(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain", "bad request\n", false);
      return;
    }
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    boolean get = req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD);
    switch (path) {
      case "/metrics" -> {
        if (get) {
          respond(ctx, req, HttpResponseStatus.OK, PROMETHEUS, metrics.scrape(), true);
        } else {
          methodNotAllowed(ctx, req, "GET");
        }
      }
      case "/ready" -> {
        if (get) {
          boolean ok = ready.getAsBoolean();
          respond(
              ctx,
              req,
              ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
              "text/plain",
              ok ? "ready\n" : "not ready\n",
              true);
        } else {
          methodNotAllowed(ctx, req, "GET");
        }
      }
      case "/live" -> {
        if (get) {
          respond(ctx, req, HttpResponseStatus.OK, "text/plain", "live\n", true);
        } else {
          methodNotAllowed(ctx, req, "GET");
        }
      }
      case "/sbom" -> {
        if (get) {
          sbom.json()
              .ifPresentOrElse(
                  json ->
                      send(
                          ctx,
                          req,
                          response(HttpResponseStatus.OK, CYCLONEDX, Unpooled.wrappedBuffer(json)),
                          true),
                  () ->
                      respond(
                          ctx,
                          req,
                          HttpResponseStatus.NOT_FOUND,
                          "text/plain",
                          sbom.missing(),
                          true));
        } else {
          methodNotAllowed(ctx, req, "GET");
        }
      }
      case "/shutdown" -> {
        if (req.method().equals(HttpMethod.POST)) {
          respond(ctx, req, HttpResponseStatus.ACCEPTED, "text/plain", "shutting down\n", false);
          shutdown.run();
        } else {
          methodNotAllowed(ctx, req, "POST");
        }
      }
      default ->
          respond(
              ctx,
              req,
              HttpResponseStatus.NOT_FOUND,
              "text/plain",
              "not found; try /metrics, /ready, /live, /sbom or POST /shutdown\n",
              true);
    }
  }

  private static void methodNotAllowed(
      ChannelHandlerContext ctx, FullHttpRequest req, String allow) {
    FullHttpResponse rsp =
        response(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "method not allowed\n");
    rsp.headers().set(HttpHeaderNames.ALLOW, allow);
    send(ctx, req, rsp, true);
  }

  private static void respond(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      HttpResponseStatus status,
      String type,
      String body,
      boolean keepAlive) {
    send(ctx, req, response(ctx, status, type, body), keepAlive);
  }

  private static FullHttpResponse response(
      ChannelHandlerContext ctx, HttpResponseStatus status, String type, String body) {
    return response(status, type, ByteBufUtil.writeUtf8(ctx.alloc(), body));
  }

  private static FullHttpResponse response(HttpResponseStatus status, String type, ByteBuf body) {
    FullHttpResponse rsp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    rsp.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, type)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, rsp.content().readableBytes());
    return rsp;
  }

  private static void send(
      ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse rsp, boolean keepAlive) {
    boolean keep = keepAlive && HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(rsp, keep);
    var f = ctx.writeAndFlush(rsp);
    if (!keep) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
