package dev.weft.proxy.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;

/**
 * A TLS echo server on 127.0.0.1 and a client for it, over real Netty sockets: what each side of a
 * handshake saw (peer identity, ALPN, SNI, or why it failed). Server-side failures are counted in
 * the given {@link TlsMetrics} as {@code inbound}.
 */
public final class TlsEcho implements AutoCloseable {
  /** What the server saw of one connection. */
  public record Accepted(String peerIdentity, String alpn, List<String> sni, Throwable failure) {}

  /** What the client saw: the handshake outcome and the echo of "ping" (or why there was none). */
  public record Connected(
      Throwable handshakeFailure,
      String peerIdentity,
      String alpn,
      String protocol,
      CompletableFuture<String> reply) {}

  final BlockingQueue<Accepted> accepted = new LinkedBlockingQueue<>();
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Channel server;

  public TlsEcho(SslContext context, TlsMetrics metrics, long handshakeTimeoutMillis) {
    this(() -> context, metrics, handshakeTimeoutMillis);
  }

  public TlsEcho(Supplier<SslContext> context, TlsMetrics metrics, long handshakeTimeoutMillis) {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    SslHandler ssl = context.get().newHandler(ch.alloc());
                    ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
                    ch.pipeline().addLast(ssl, new ServerSide(ssl, metrics));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  public Accepted nextAccepted() throws InterruptedException {
    Accepted a = accepted.poll(10, TimeUnit.SECONDS);
    if (a == null) {
      throw new AssertionError("the server saw no handshake within 10 s");
    }
    return a;
  }

  /** Connects with {@code context}, expecting the server to be {@code expectedIdentity}. */
  public Connected connect(SslContext context, String expectedIdentity) throws Exception {
    CompletableFuture<Void> handshake = new CompletableFuture<>();
    CompletableFuture<String> reply = new CompletableFuture<>();
    SslHandler[] handler = new SslHandler[1];
    Channel ch =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    handler[0] =
                        context.newHandler(ch.alloc(), expectedIdentity, address().getPort());
                    ch.pipeline().addLast(handler[0], new ClientSide(handshake, reply));
                  }
                })
            .connect(address())
            .syncUninterruptibly()
            .channel();
    try {
      handshake.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      ch.close();
      return new Connected(e.getCause(), null, null, null, reply);
    }
    ch.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
    SslHandler ssl = handler[0];
    return new Connected(
        null,
        PeerIdentity.of(ssl.engine().getSession()),
        ssl.applicationProtocol(),
        ssl.engine().getSession().getProtocol(),
        reply);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class ServerSide extends ChannelInboundHandlerAdapter {
    private final SslHandler ssl;
    private final TlsMetrics metrics;

    ServerSide(SslHandler ssl, TlsMetrics metrics) {
      this.ssl = ssl;
      this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done) {
        if (done.isSuccess()) {
          List<String> sni =
              ((ExtendedSSLSession) ssl.engine().getSession())
                  .getRequestedServerNames().stream()
                      .filter(SNIHostName.class::isInstance)
                      .map(n -> ((SNIHostName) n).getAsciiName())
                      .toList();
          accepted.add(
              new Accepted(
                  PeerIdentity.of(ssl.engine().getSession()),
                  ssl.applicationProtocol(),
                  sni,
                  null));
        } else {
          metrics.handshakeFailed("inbound", done.cause());
          accepted.add(new Accepted(null, null, List.of(), done.cause()));
          ctx.close();
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static final class ClientSide extends ChannelInboundHandlerAdapter {
    private final CompletableFuture<Void> handshake;
    private final CompletableFuture<String> reply;

    ClientSide(CompletableFuture<Void> handshake, CompletableFuture<String> reply) {
      this.handshake = handshake;
      this.reply = reply;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done) {
        if (done.isSuccess()) {
          handshake.complete(null);
        } else {
          handshake.completeExceptionally(done.cause());
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        reply.complete(buf.toString(StandardCharsets.US_ASCII));
      } finally {
        buf.release();
      }
      ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      handshake.completeExceptionally(cause);
      reply.completeExceptionally(cause);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      handshake.completeExceptionally(new ClosedChannelException());
      reply.completeExceptionally(new ClosedChannelException());
    }
  }
}
