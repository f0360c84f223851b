package dev.weft.proxy.transport;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;

/**
 * Pausing and resuming a channel's reads, which is how every relay in the proxy applies
 * backpressure: a side stops reading while its peer cannot take more.
 */
public final class Reading {
  private Reading() {}

  public static void pause(Channel ch) {
    ch.config().setAutoRead(false);
  }

  /**
   * Turns reading back on, unless the peer already ended its input (a half-close): epoll cannot
   * watch a shut-down input, and Netty closes a channel whose read cannot start, losing whatever
   * was still to be written to it.
   */
  public static void resume(Channel ch) {
    if (!(ch instanceof DuplexChannel d && d.isInputShutdown())) {
      ch.config().setAutoRead(true);
    }
  }
}
