package dev.weft.proxy.mesh;

import dev.weft.proxy.tls.MeshTrustManager;
import dev.weft.proxy.tls.PeerIdentity;
import dev.weft.proxy.tls.TestCa;
import dev.weft.proxy.tls.TlsContexts;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A hand-made TLS 1.3 client on a blocking socket: connects to 127.0.0.1 with a chosen certificate
 * (or none) and server name, sends some bytes, and reports what happened. The server name is also
 * the identity the server's certificate must name.
 */
public final class TlsClient {
  /**
   * What the client saw.
   *
   * @param handshakeFailure why the handshake failed, or null
   * @param serverIdentity the identity the server's certificate named (null if none)
   * @param reply the first bytes the server sent back, or null when it sent none
   * @param readFailure why reading failed (a TLS alert, a reset), or null
   */
  public record Outcome(
      Throwable handshakeFailure, String serverIdentity, String reply, Throwable readFailure) {
    /** Whether the server let the client talk: a handshake and an answer. */
    public boolean answered() {
      return handshakeFailure == null && reply != null;
    }
  }

  private final SSLContext context;

  private TlsClient(SSLContext context) {
    this.context = context;
  }

  /** A client presenting {@code leaf}, trusting {@code trustedBy}'s root. */
  public static TlsClient of(TestCa.Leaf leaf, TestCa trustedBy) throws IOException {
    TlsContexts contexts = TlsContexts.create(leaf.key(), leaf.chain(), trust(trustedBy));
    return new TlsClient(((JdkSslContext) contexts.clientOpaque()).context());
  }

  /** A client with no certificate at all, trusting {@code trustedBy}'s root. */
  public static TlsClient anonymous(TestCa trustedBy) throws IOException {
    JdkSslContext ctx =
        (JdkSslContext)
            SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(trust(trustedBy))
                .build();
    return new TlsClient(ctx.context());
  }

  private static MeshTrustManager trust(TestCa ca) {
    return new MeshTrustManager(ca::roots, Clock.systemUTC());
  }

  /**
   * The first flight of a TLS 1.3 handshake naming {@code serverName}: a ClientHello, to send on a
   * plain socket by a client that then does not go on.
   */
  public static byte[] clientHello(String serverName) throws IOException {
    SSLEngine engine = anonymous(TestCa.create("unused")).context.createSSLEngine(serverName, 443);
    engine.setUseClientMode(true);
    SSLParameters params = engine.getSSLParameters();
    params.setProtocols(new String[] {TlsContexts.PROTOCOL});
    params.setServerNames(List.of(new SNIHostName(serverName)));
    engine.setSSLParameters(params);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] hello = new byte[out.remaining()];
    out.get(hello);
    return hello;
  }

  /** Connects to {@code address} naming {@code serverName}, sends {@code request}, reads. */
  public Outcome exchange(InetSocketAddress address, String serverName, String request)
      throws IOException {
    try (Socket raw = new Socket()) {
      raw.connect(address, 10_000);
      raw.setSoTimeout(15_000);
      SSLSocket ssl =
          (SSLSocket)
              context.getSocketFactory().createSocket(raw, serverName, address.getPort(), true);
      SSLParameters params = ssl.getSSLParameters();
      params.setProtocols(new String[] {TlsContexts.PROTOCOL});
      params.setServerNames(List.of(new SNIHostName(serverName)));
      ssl.setSSLParameters(params);
      try {
        ssl.startHandshake();
      } catch (IOException e) {
        return new Outcome(e, null, null, null);
      }
      String server = PeerIdentity.of(ssl.getSession());
      try {
        ssl.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        ssl.getOutputStream().flush();
        InputStream in = ssl.getInputStream();
        byte[] buf = new byte[4096];
        int n = in.read(buf);
        return new Outcome(
            null,
            server,
            n < 0 ? null : new String(Arrays.copyOf(buf, n), StandardCharsets.US_ASCII),
            null);
      } catch (IOException e) {
        return new Outcome(null, server, null, e);
      }
    }
  }
}
