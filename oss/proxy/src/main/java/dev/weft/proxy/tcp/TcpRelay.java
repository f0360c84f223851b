package dev.weft.proxy.tcp;

import dev.weft.proxy.transport.Reading;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays bytes from its channel to a peer channel, one direction; a pair of them makes a TCP relay.
 *
 * <p>Backpressure: when the peer's outbound buffer is over its high-water mark this channel stops
 * reading until the peer drains. Half-close: when this side's input ends, the peer's output is shut
 * down after what was written is flushed, and the other direction keeps flowing. The channels must
 * share an event loop.
 */
public final class TcpRelay extends ChannelInboundHandlerAdapter {
  private final Channel peer;

  public TcpRelay(Channel peer) {
    this.peer = peer;
  }

  /** Joins two connected channels with a relay each way and starts reading both. */
  public static void join(Channel a, Channel b) {
    a.pipeline().addLast("tcp-relay", new TcpRelay(b));
    b.pipeline().addLast("tcp-relay", new TcpRelay(a));
    Reading.resume(a);
    Reading.resume(b);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!peer.isActive()) {
      ReferenceCountUtil.release(msg);
      return;
    }
    peer.write(msg, peer.voidPromise());
    if (!peer.isWritable()) {
      peer.flush();
      if (!peer.isWritable()) {
        Reading.pause(ctx.channel());
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // Our channel drained: the peer may read again.
    if (ctx.channel().isWritable()) {
      Reading.resume(peer);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      DuplexChannel self = (DuplexChannel) ctx.channel();
      if (peer instanceof DuplexChannel p && p.isActive()) {
        p.writeAndFlush(Unpooled.EMPTY_BUFFER)
            .addListener(
                (ChannelFutureListener)
                    f -> {
                      p.shutdownOutput();
                      if (p.isInputShutdown()) {
                        p.close();
                      }
                    });
      }
      if (self.isOutputShutdown()) {
        self.close();
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (peer.isActive()) {
      peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or broken pipe on one side ends both: there is nobody to tell but the peer. The
    // connection metrics at the head of the pipeline already classified it.
    ctx.close();
    peer.close();
  }
}
