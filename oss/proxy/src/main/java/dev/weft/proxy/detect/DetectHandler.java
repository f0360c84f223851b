package dev.weft.proxy.detect;

import dev.weft.proxy.listen.DrainEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The first handler of an accepted connection: buffers what the client sends until {@link
 * ProtocolDetector} decides, or until the timeout, then hands the connection to the stack for that
 * protocol and passes on every byte it buffered, in order.
 *
 * <p>The timeout is what makes server-speaks-first protocols work: a client that sends nothing is
 * relayed as opaque TCP once it passes. The bytes buffered are bounded by the detector's line
 * bound.
 */
public final class DetectHandler extends ChannelInboundHandlerAdapter {
  /** Installs the stack for a protocol after this handler; called once on the event loop. */
  @FunctionalInterface
  public interface Installer {
    void install(ChannelHandlerContext ctx, Protocol protocol, boolean timedOut);
  }

  /** How many bytes of a first line detection waits for. Longer request lines are opaque. */
  public static final int MAX_PREFIX_BYTES = 16 * 1024;

  private final Duration timeout;
  private final Installer installer;
  private final ProtocolDetector detector = new ProtocolDetector(MAX_PREFIX_BYTES);
  private ByteBuf buffered;
  private ScheduledFuture<?> timer;
  private boolean decided;
  private boolean drainPending;

  public DetectHandler(Duration timeout, Installer installer) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.installer = Objects.requireNonNull(installer, "installer");
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    startTimer(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      startTimer(ctx);
    }
  }

  /**
   * Starts the detect timeout once: an accepted socket is already active when this handler is
   * added, and a second timer would outlive the decision and pin the pipeline until it fired.
   */
  private void startTimer(ChannelHandlerContext ctx) {
    if (timer == null) {
      timer =
          ctx.executor()
              .schedule(
                  () -> decide(ctx, Protocol.OPAQUE, true),
                  timeout.toNanos(),
                  TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (decided || !(msg instanceof ByteBuf in)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (buffered == null) {
      buffered = in;
    } else {
      ByteBuf merged = ctx.alloc().buffer(buffered.readableBytes() + in.readableBytes());
      merged.writeBytes(buffered).writeBytes(in);
      buffered.release();
      ReferenceCountUtil.release(in);
      buffered = merged;
    }
    Protocol p = detector.detect(buffered);
    if (p != null) {
      decide(ctx, p, false);
    }
  }

  private void decide(ChannelHandlerContext ctx, Protocol protocol, boolean timedOut) {
    if (decided || ctx.isRemoved()) {
      return;
    }
    decided = true;
    if (timer != null) {
      timer.cancel(false);
    }
    installer.install(ctx, protocol, timedOut);
    ByteBuf prefix = buffered;
    buffered = null;
    if (prefix != null) {
      ctx.fireChannelRead(prefix);
      ctx.fireChannelReadComplete();
    }
    if (drainPending) {
      ctx.fireUserEventTriggered(DrainEvent.INSTANCE);
    }
    ctx.pipeline().remove(this);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == DrainEvent.INSTANCE && !decided) {
      if (buffered == null) {
        // Nothing was said on this connection yet, so nothing is lost by closing it now.
        ctx.close();
      } else {
        // Part of a request is here: let detection finish, then the stack it installs drains.
        drainPending = true;
      }
      return;
    }
    if (evt instanceof ChannelInputShutdownEvent && !decided) {
      // The client finished sending before we could tell: relay what it sent as opaque bytes.
      decide(ctx, Protocol.OPAQUE, false);
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    // The client left before a decision: nothing to forward, nobody to tell.
    release();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    release();
  }

  private void release() {
    if (timer != null) {
      timer.cancel(false);
    }
    if (buffered != null) {
      buffered.release();
      buffered = null;
    }
  }
}
