package dev.weft.proxy.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Detection hands its buffered prefix to the HTTP/1 codec it installs, which must decode it whole.
 */
class DetectCodecBridgeTest {
  /** Keeps decoded requests, and each request's body as text. */
  private static final class Decoded extends ChannelInboundHandlerAdapter {
    final List<HttpRequest> requests = new ArrayList<>();
    final List<StringBuilder> bodies = new ArrayList<>();
    final List<Boolean> ended = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpRequest r) {
          requests.add(r);
          bodies.add(new StringBuilder());
          ended.add(false);
        }
        if (msg instanceof HttpContent c) {
          bodies.getLast().append(c.content().toString(StandardCharsets.UTF_8));
          if (c instanceof LastHttpContent) {
            ended.set(ended.size() - 1, true);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }
  }

  private static EmbeddedChannel http1Pipeline(Decoded decoded, List<Protocol> installed) {
    return new EmbeddedChannel(
        new DetectHandler(
            Duration.ofSeconds(10),
            (ctx, protocol, timedOut) -> {
              installed.add(protocol);
              if (protocol == Protocol.HTTP1) {
                ctx.pipeline().addAfter(ctx.name(), "http1-codec", new HttpServerCodec());
                ctx.pipeline().addAfter("http1-codec", "decoded", decoded);
              }
            }));
  }

  private static void send(EmbeddedChannel ch, String ascii) {
    ch.writeInbound(Unpooled.copiedBuffer(ascii, StandardCharsets.US_ASCII));
  }

  @Test
  void requestSplitAcrossReadsIsDecodedByTheInstalledCodec() {
    Decoded decoded = new Decoded();
    List<Protocol> installed = new ArrayList<>();
    EmbeddedChannel ch = http1Pipeline(decoded, installed);

    // The split falls inside the request line, so the codec's first bytes are the buffered prefix.
    send(ch, "POST /items?id=7 HT");
    assertTrue(installed.isEmpty());
    send(
        ch,
        "TP/1.1\r\nHost: example.test\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhel");
    send(ch, "lo");

    assertEquals(List.of(Protocol.HTTP1), installed);
    assertEquals(1, decoded.requests.size());
    HttpRequest req = decoded.requests.getFirst();
    assertFalse(req.decoderResult().isFailure(), () -> String.valueOf(req.decoderResult()));
    assertEquals(HttpMethod.POST, req.method());
    assertEquals("/items?id=7", req.uri());
    assertEquals(HttpVersion.HTTP_1_1, req.protocolVersion());
    assertEquals("example.test", req.headers().get(HttpHeaderNames.HOST));
    assertEquals("text/plain", req.headers().get(HttpHeaderNames.CONTENT_TYPE));
    assertEquals("hello", decoded.bodies.getFirst().toString());
    assertEquals(List.of(true), decoded.ended);
    assertFalse(ch.finish());
  }

  @Test
  void pipelinedRequestsInTheFirstReadAreAllDecoded() {
    Decoded decoded = new Decoded();
    List<Protocol> installed = new ArrayList<>();
    EmbeddedChannel ch = http1Pipeline(decoded, installed);

    send(
        ch,
        "GET /a HTTP/1.0\r\nHost: x\r\n\r\n"
            + "PUT /b HTTP/1.1\r\nHost: y\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            + "DELETE /c HTTP/1.1\r\nHost: z\r\n\r\n");

    assertEquals(List.of(Protocol.HTTP1), installed);
    assertEquals(3, decoded.requests.size());
    assertEquals(
        List.of("GET /a", "PUT /b", "DELETE /c"),
        decoded.requests.stream().map(r -> r.method() + " " + r.uri()).toList());
    assertEquals(HttpVersion.HTTP_1_0, decoded.requests.get(0).protocolVersion());
    assertEquals("z", decoded.requests.get(2).headers().get(HttpHeaderNames.HOST));
    assertEquals("abc", decoded.bodies.get(1).toString());
    assertEquals(List.of(true, true, true), decoded.ended);
    assertFalse(ch.finish());
  }

  @Test
  void malformedHeadersAfterAValidRequestLineReachTheCodecAsAFailure() {
    Decoded decoded = new Decoded();
    List<Protocol> installed = new ArrayList<>();
    EmbeddedChannel ch = http1Pipeline(decoded, installed);

    send(ch, "GET / HTTP/1.1\r\nBad Header Without Colon\r\n\r\n");

    assertEquals(List.of(Protocol.HTTP1), installed);
    HttpRequest req = assertInstanceOf(HttpRequest.class, decoded.requests.getFirst());
    assertTrue(req.decoderResult().isFailure(), "the codec, not detection, rejects bad headers");
    ch.finishAndReleaseAll();
  }
}
