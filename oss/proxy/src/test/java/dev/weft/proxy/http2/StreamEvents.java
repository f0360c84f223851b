package dev.weft.proxy.http2;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records what one HTTP/2 stream channel receives, as plain values (buffers are copied and released
 * at once), for a test to take in order. Subclasses react to events with {@link #on}.
 */
class StreamEvents extends ChannelInboundHandlerAdapter {
  record Headers(Http2Headers headers, boolean endStream) {}

  record Data(byte[] bytes, boolean endStream) {
    String text() {
      return EchoService.utf8(bytes);
    }
  }

  record Reset(long errorCode) {}

  record Closed() {}

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

  /** Called on the stream's event loop for every event, after it is recorded. */
  protected void on(ChannelHandlerContext ctx, Object event) {}

  /** The next event, which must be of {@code type}; waits up to 10 seconds. */
  final <T> T next(Class<T> type) throws InterruptedException {
    Object e = events.poll(10, TimeUnit.SECONDS);
    assertNotNull(e, "no " + type.getSimpleName() + " within 10 s");
    return assertInstanceOf(type, e, "expected " + type.getSimpleName() + ", got " + e);
  }

  /** The next event, or null if none comes within {@code millis}. */
  final Object poll(long millis) throws InterruptedException {
    return events.poll(millis, TimeUnit.MILLISECONDS);
  }

  private void record(ChannelHandlerContext ctx, Object event) {
    events.add(event);
    on(ctx, event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof Http2HeadersFrame h) {
        record(ctx, new Headers(h.headers(), h.isEndStream()));
      } else if (msg instanceof Http2DataFrame d) {
        record(ctx, new Data(ByteBufUtil.getBytes(d.content()), d.isEndStream()));
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof Http2ResetFrame r) {
      record(ctx, new Reset(r.errorCode()));
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    record(ctx, new Closed());
  }
}
