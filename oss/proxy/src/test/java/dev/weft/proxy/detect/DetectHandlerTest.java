package dev.weft.proxy.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.listen.DrainEvent;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DetectHandlerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** What the installer was asked, and the handler it installed. */
  private static final class Installs implements DetectHandler.Installer {
    final List<Protocol> protocols = new ArrayList<>();
    final List<Boolean> timedOut = new ArrayList<>();
    final Recorder recorder = new Recorder();

    @Override
    public void install(ChannelHandlerContext ctx, Protocol protocol, boolean timedOut) {
      protocols.add(protocol);
      this.timedOut.add(timedOut);
      ctx.pipeline().addAfter(ctx.name(), "recorder", recorder);
    }
  }

  /** Stands in for a protocol stack: keeps what reaches it, in order, and releases the buffers. */
  private static final class Recorder extends ChannelInboundHandlerAdapter {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> messages = new ArrayList<>();
    final List<Object> events = new ArrayList<>();
    int bytesBeforeFirstEvent = -1;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      try {
        byte[] a = ByteBufUtil.getBytes(b);
        bytes.writeBytes(a);
        messages.add(new String(a, StandardCharsets.ISO_8859_1));
      } finally {
        b.release();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (events.isEmpty()) {
        bytesBeforeFirstEvent = bytes.size();
      }
      events.add(evt);
    }
  }

  /** Unpooled buffers whose every allocation is kept, to check that each was released. */
  private static final class TrackingAllocator extends AbstractByteBufAllocator {
    final List<ByteBuf> allocated = new ArrayList<>();

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return track(Unpooled.buffer(initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      return track(Unpooled.directBuffer(initialCapacity, maxCapacity));
    }

    private ByteBuf track(ByteBuf b) {
      allocated.add(b);
      return b;
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }

  /**
   * An active channel whose clock is frozen before the handler's timer is scheduled, so that {@code
   * advanceTimeBy} moves exactly to the deadline. The handler is added to the active channel and
   * channelActive follows, which is the order an accepted socket's registration produces.
   */
  private static EmbeddedChannel channel(Installs installs) {
    return channel(installs, null);
  }

  private static EmbeddedChannel channel(Installs installs, ByteBufAllocator alloc) {
    EmbeddedChannel ch = new EmbeddedChannel();
    if (alloc != null) {
      ch.config().setAllocator(alloc);
    }
    ch.freezeTime();
    ch.pipeline().addLast("detect", new DetectHandler(TIMEOUT, installs));
    ch.pipeline().fireChannelActive();
    return ch;
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private static void feedByteByByte(EmbeddedChannel ch, byte[] bytes) {
    for (byte b : bytes) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
  }

  @Test
  void http1SentOneByteAtATimeReachesTheStackIntactAndOnce() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);
    String line = "GET /slow?x=1 HTTP/1.1\r\n";
    String request = line + "Host: a.example\r\nX-Long: " + "v".repeat(200) + "\r\n\r\n";

    feedByteByByte(ch, request.getBytes(StandardCharsets.US_ASCII));

    assertEquals(List.of(Protocol.HTTP1), installs.protocols);
    assertEquals(List.of(false), installs.timedOut);
    assertEquals(
        line, installs.recorder.messages.getFirst(), "the buffered prefix arrives as one message");
    assertEquals(request, installs.recorder.bytes.toString(StandardCharsets.ISO_8859_1));
    assertNull(
        ch.pipeline().get(DetectHandler.class), "detection leaves the pipeline once decided");
    assertFalse(ch.finish());
  }

  @Test
  void http2PrefaceSentOneByteAtATimeIsHttp2() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);
    byte[] preface = ProtocolDetector.H2_PREFACE;
    byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    byte[] all = new byte[preface.length + settings.length];
    System.arraycopy(preface, 0, all, 0, preface.length);
    System.arraycopy(settings, 0, all, preface.length, settings.length);

    feedByteByByte(ch, all);

    assertEquals(List.of(Protocol.HTTP2), installs.protocols);
    assertArrayEquals(all, installs.recorder.bytes.toByteArray());
    assertEquals(
        1 + settings.length,
        installs.recorder.messages.size(),
        "the preface once, then each later byte");
    assertFalse(ch.finish());
  }

  @Test
  void decisionCancelsTheTimer() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);
    ch.writeInbound(ascii("GET / HTTP/1.1\r\n"));
    assertEquals(List.of(Protocol.HTTP1), installs.protocols);

    // A timer left behind would keep the connection's pipeline reachable until the timeout.
    assertEquals(-1, ch.runScheduledPendingTasks(), "no detection timer is left scheduled");
    ch.advanceTimeBy(TIMEOUT.toNanos() * 2, TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(1, installs.protocols.size());
    assertFalse(ch.finish());
  }

  @Test
  void silentClientIsOpaqueWhenTheTimeoutPasses() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);

    ch.advanceTimeBy(TIMEOUT.toNanos() - 1, TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(installs.protocols.isEmpty(), "undecided just before the timeout");

    ch.advanceTimeBy(1, TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    assertEquals(List.of(Protocol.OPAQUE), installs.protocols);
    assertEquals(List.of(true), installs.timedOut);
    assertEquals(0, installs.recorder.bytes.size());
    assertNull(ch.pipeline().get(DetectHandler.class));

    // What the client sends later goes straight to the opaque stack.
    ch.writeInbound(ascii("GET / HTTP/1.1\r\n"));
    assertEquals(
        "GET / HTTP/1.1\r\n", installs.recorder.bytes.toString(StandardCharsets.ISO_8859_1));
    assertEquals(1, installs.protocols.size());
    assertFalse(ch.finish());
  }

  @Test
  void undecidedBytesAreKeptWhenTheTimeoutPasses() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);
    ch.writeInbound(ascii("GE"));
    ch.writeInbound(ascii("T /"));

    ch.advanceTimeBy(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();

    assertEquals(List.of(Protocol.OPAQUE), installs.protocols);
    assertEquals(List.of(true), installs.timedOut);
    assertEquals(List.of("GET /"), installs.recorder.messages);
    assertFalse(ch.finish());
  }

  @Test
  void inputShutdownBeforeADecisionIsOpaqueWithTheBytesKept() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);
    ch.writeInbound(ascii("GE"));

    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);

    assertEquals(List.of(Protocol.OPAQUE), installs.protocols);
    assertEquals(List.of(false), installs.timedOut);
    assertEquals("GE", installs.recorder.bytes.toString(StandardCharsets.ISO_8859_1));
    // The opaque stack must learn that the client finished, after the bytes, to half-close
    // upstream.
    assertEquals(List.of(ChannelInputShutdownEvent.INSTANCE), installs.recorder.events);
    assertEquals(2, installs.recorder.bytesBeforeFirstEvent);
    assertFalse(ch.finish());
  }

  @Test
  void drainBeforeAnyByteClosesTheConnection() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);

    ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);

    assertFalse(ch.isOpen(), "a connection that said nothing is closed by a drain");
    assertTrue(installs.protocols.isEmpty());
  }

  @Test
  void drainDuringDetectionReachesTheStackAfterTheDecision() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);
    ch.writeInbound(ascii("GET / HT"));

    ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
    assertTrue(ch.isOpen(), "part of a request is here: the drain waits for the decision");
    ch.writeInbound(ascii("TP/1.1\r\n"));

    assertEquals(List.of(Protocol.HTTP1), installs.protocols);
    assertEquals(List.of(DrainEvent.INSTANCE), installs.recorder.events);
    assertEquals(16, installs.recorder.bytesBeforeFirstEvent, "the bytes come before the drain");
    assertFalse(ch.finish());
  }

  @Test
  void inputShutdownWithNothingSentIsOpaque() {
    Installs installs = new Installs();
    EmbeddedChannel ch = channel(installs);
    ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    assertEquals(List.of(Protocol.OPAQUE), installs.protocols);
    assertEquals(List.of(ChannelInputShutdownEvent.INSTANCE), installs.recorder.events);
    assertFalse(ch.finish());
  }

  @Test
  void closeBeforeADecisionReleasesTheBufferedBytes() {
    Installs installs = new Installs();
    TrackingAllocator alloc = new TrackingAllocator();
    EmbeddedChannel ch = channel(installs, alloc);
    ByteBuf first = ascii("GET /unfinished");
    ByteBuf second = ascii("/more");
    ch.writeInbound(first);
    ch.writeInbound(second);
    assertTrue(installs.protocols.isEmpty());
    assertFalse(
        alloc.allocated.isEmpty(),
        "two reads were merged into a buffer of the channel's allocator");

    ch.close().syncUninterruptibly();

    assertEquals(0, first.refCnt());
    assertEquals(0, second.refCnt());
    for (ByteBuf b : alloc.allocated) {
      assertEquals(0, b.refCnt(), "merged prefix released");
    }
    ch.advanceTimeBy(TIMEOUT.toNanos() * 2, TimeUnit.NANOSECONDS);
    ch.runScheduledPendingTasks();
    assertTrue(installs.protocols.isEmpty(), "nothing is installed for a connection that is gone");
    assertFalse(ch.finish());
  }
}
