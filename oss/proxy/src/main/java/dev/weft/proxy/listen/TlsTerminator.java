package dev.weft.proxy.listen;

import dev.weft.proxy.detect.Protocol;
import dev.weft.proxy.tls.PeerCertificateException;
import dev.weft.proxy.tls.PeerIdentity;
import dev.weft.proxy.tls.TlsContexts;
import dev.weft.proxy.tls.TlsFailureReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads a TLS ClientHello and decides: a ClientHello whose server name is this proxy's identity is
 * from a peer proxy, and is terminated with mutual TLS; any other TLS (an application's own, to
 * some other name) is not ours to open, and is relayed as opaque TCP.
 */
final class TlsTerminator extends AbstractSniHandler<TlsContexts> {
  private static final PeerCertificateException NO_CLIENT_CERTIFICATE =
      new PeerCertificateException(
          TlsFailureReason.NO_CLIENT_CERTIFICATE, "the client presented no certificate");

  private final Listener listener;
  private final Routing routing;
  private final long handshakeTimeoutMillis;

  TlsTerminator(Listener listener, Routing routing, Duration timeout) {
    super(timeout.toMillis());
    this.listener = listener;
    this.routing = routing;
    this.handshakeTimeoutMillis = timeout.toMillis();
  }

  @Override
  protected Future<TlsContexts> lookup(ChannelHandlerContext ctx, String hostname) {
    TlsContexts contexts = listener.identity().contexts();
    boolean ours =
        hostname != null
            && contexts != null
            && hostname.toLowerCase(Locale.ROOT).equals(listener.identity().name());
    return ctx.executor().newSucceededFuture(ours ? contexts : null);
  }

  @Override
  protected void onLookupComplete(
      ChannelHandlerContext ctx, String hostname, Future<TlsContexts> future) {
    TlsContexts contexts = future.getNow();
    if (contexts == null) {
      listener.bindPlaintext(ctx.pipeline(), routing);
      listener.installPlain(ctx.pipeline(), ctx.name(), Protocol.OPAQUE, null, true, routing);
      ctx.pipeline().remove(this);
      return;
    }
    SslHandler ssl = contexts.server().newHandler(ctx.alloc());
    ssl.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
    ctx.pipeline().replace(this, "tls", ssl);
    ctx.pipeline().addAfter("tls", "tls-alpn", new Alpn(ssl));
  }

  /** Installs the stack the negotiated protocol asks for, once the handshake is done. */
  private final class Alpn extends ApplicationProtocolNegotiationHandler {
    private final SslHandler ssl;
    private boolean failed;

    Alpn(SslHandler ssl) {
      super("");
      this.ssl = ssl;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      String client = PeerIdentity.of(ssl.engine().getSession());
      if (client == null) {
        // Mutual TLS or nothing: a client that proved no identity gets no further.
        listener.tlsMetrics().handshakeFailed("inbound", NO_CLIENT_CERTIFICATE);
        listener.bindPlaintext(ctx.pipeline(), routing);
        ctx.close();
        return;
      }
      listener.installMeshed(ctx.pipeline(), ctx.name(), protocol, client, routing);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      // Netty hands handshakeFailure only the failures that raise an exception; a handshake that
      // timed out, or whose client left half-way, shows up as nothing but this event.
      if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
        refuse(ctx, done.cause());
      } else if (evt instanceof ChannelInputShutdownEvent) {
        // Accepted connections allow half-closure, so a client that left mid-handshake is only an
        // end of input here; it can never finish the handshake, so do not wait for the timeout.
        ctx.close();
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
      refuse(ctx, cause);
    }

    /** Counts a failed handshake once (the event and the exception may both report it). */
    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
      if (failed) {
        return;
      }
      failed = true;
      listener.tlsMetrics().handshakeFailed("inbound", cause);
      listener.bindPlaintext(ctx.pipeline(), routing);
      ctx.close();
    }
  }
}
