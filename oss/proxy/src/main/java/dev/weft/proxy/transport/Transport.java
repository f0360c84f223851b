package dev.weft.proxy.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.ThreadFactory;

/**
 * The socket transport: Linux's native epoll where it loads, else the JDK's NIO. Chosen once at
 * start; every channel of a proxy uses the same one so that a connection and its upstream can share
 * an event loop.
 */
public enum Transport {
  EPOLL(EpollServerSocketChannel.class, EpollSocketChannel.class),
  NIO(NioServerSocketChannel.class, NioSocketChannel.class);

  private final Class<? extends ServerChannel> serverChannel;
  private final Class<? extends SocketChannel> channel;

  Transport(Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> channel) {
    this.serverChannel = serverChannel;
    this.channel = channel;
  }

  /** Epoll when the native library loads and {@code -Dweft.transport=nio} is not set. */
  public static Transport best() {
    if (!"nio".equals(System.getProperty("weft.transport")) && Epoll.isAvailable()) {
      return EPOLL;
    }
    return NIO;
  }

  public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
    IoHandlerFactory io = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, threadFactory, io);
  }

  public Class<? extends ServerChannel> serverChannel() {
    return serverChannel;
  }

  public Class<? extends SocketChannel> channel() {
    return channel;
  }
}
