package dev.weft.proxy.errors;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2StreamFrame;
import java.util.List;

/**
 * The one place a {@link ProxyError} becomes a response: HTTP/1.1, HTTP/2, or gRPC (trailers-only,
 * with a {@code grpc-status}). Every such response carries {@code weft-proxy-error} naming the
 * cause, so a person can tell a proxy's answer from the application's.
 */
public final class ErrorResponses {
  public static final String HEADER = "weft-proxy-error";

  private ErrorResponses() {}

  /** Whether a request's content type is gRPC. */
  public static boolean isGrpc(CharSequence contentType) {
    return contentType != null
        && contentType.length() >= 16
        && contentType.toString().regionMatches(true, 0, "application/grpc", 0, 16);
  }

  /** An HTTP/1.1 response for {@code error}; {@code close} adds {@code Connection: close}. */
  public static FullHttpResponse http1(ProxyError error, boolean close, ByteBufAllocator alloc) {
    byte[] body = (error.headerValue() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    FullHttpResponse rsp =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            error.kind().status(),
            alloc.buffer(body.length).writeBytes(body));
    rsp.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HEADER, error.headerValue());
    if (close) {
      rsp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return rsp;
  }

  /** HTTP/2 frames for {@code error}: trailers-only for gRPC, else headers and a text body. */
  public static List<Http2StreamFrame> http2(
      ProxyError error, boolean grpc, ByteBufAllocator alloc) {
    Http2Headers h = new DefaultHttp2Headers().add(HEADER, error.headerValue());
    if (grpc) {
      h.status("200")
          .add(HttpHeaderNames.CONTENT_TYPE, "application/grpc")
          .addInt("grpc-status", error.kind().grpcStatus())
          .add("grpc-message", percentEncode(error.headerValue()));
      return List.of(new DefaultHttp2HeadersFrame(h, true));
    }
    h.status(error.kind().status().codeAsText())
        .add(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
    return List.of(
        new DefaultHttp2HeadersFrame(h, false),
        new DefaultHttp2DataFrame(ByteBufUtil.writeUtf8(alloc, error.headerValue() + "\n"), true));
  }

  /** gRPC's percent-encoding of {@code grpc-message}. */
  /**
   * Trailers ending a gRPC response that already started, with the error's gRPC status (a response
   * timeout that expired while the response streamed).
   */
  public static Http2StreamFrame grpcTrailers(ProxyError error) {
    Http2Headers h =
        new DefaultHttp2Headers()
            .addInt("grpc-status", error.kind().grpcStatus())
            .add("grpc-message", percentEncode(error.headerValue()))
            .add(HEADER, error.headerValue());
    return new DefaultHttp2HeadersFrame(h, true);
  }

  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (byte b : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      if (b >= 0x20 && b < 0x7f && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
