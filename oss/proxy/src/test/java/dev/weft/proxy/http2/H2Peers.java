package dev.weft.proxy.http2;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Plain Netty h2c (prior knowledge) servers and clients on 127.0.0.1, for frame-level tests. */
final class H2Peers implements AutoCloseable {
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

  /** An h2c server whose every stream gets a handler from {@code perStream}. */
  Channel serve(Supplier<ChannelHandler> perStream) throws InterruptedException {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(
                        Http2FrameCodecBuilder.forServer().build(),
                        new Http2MultiplexHandler(
                            new ChannelInitializer<Http2StreamChannel>() {
                              @Override
                              protected void initChannel(Http2StreamChannel s) {
                                s.pipeline().addLast(perStream.get());
                              }
                            }));
              }
            })
        .bind(new InetSocketAddress("127.0.0.1", 0))
        .sync()
        .channel();
  }

  /**
   * An h2c client connection to {@code target}; {@code connectionTail}, if not null, sees the
   * connection-level frames (SETTINGS, PING, GOAWAY) after the multiplexer.
   */
  Channel connect(InetSocketAddress target, ChannelHandler connectionTail)
      throws InterruptedException {
    return new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(
                        Http2FrameCodecBuilder.forClient().build(),
                        new Http2MultiplexHandler(
                            new ChannelInitializer<Http2StreamChannel>() {
                              @Override
                              protected void initChannel(Http2StreamChannel s) {
                                s.close(); // nothing is pushed to these clients
                              }
                            }));
                if (connectionTail != null) {
                  ch.pipeline().addLast(connectionTail);
                }
              }
            })
        .connect(target)
        .sync()
        .channel();
  }

  /** Opens a client stream on {@code connection}, its frames going to {@code handler}. */
  static Http2StreamChannel open(Channel connection, ChannelHandler handler)
      throws InterruptedException {
    return new Http2StreamChannelBootstrap(connection).handler(handler).open().sync().getNow();
  }

  static DefaultHttp2DataFrame data(String text, boolean endStream) {
    return new DefaultHttp2DataFrame(
        Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), endStream);
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
