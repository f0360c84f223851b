package dev.weft.proxy.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The three TLS contexts of one workload identity, built together from the same key, chain and
 * trust, and replaced together when any of them changes. Immutable; safe to share between event
 * loops.
 *
 * <ul>
 *   <li>{@code server}: terminates mutual TLS (client certificate required), offers ALPN {@code h2}
 *       and {@code http/1.1}; a client offering no ALPN still connects and gets none.
 *   <li>{@code clientHttp}: originates mutual TLS to a peer proxy, offering ALPN {@code h2}.
 *   <li>{@code clientOpaque}: originates mutual TLS for opaque TCP, without ALPN.
 * </ul>
 *
 * <p>Client handlers must be created with {@code newHandler(alloc, expectedPeerIdentity, port)}:
 * the host is both the SNI sent and the identity the server's certificate must name.
 */
public record TlsContexts(SslContext server, SslContext clientHttp, SslContext clientOpaque) {
  /** TLS 1.3 only: every mesh peer is a Weft proxy, so there is nothing older to talk to. */
  public static final String PROTOCOL = "TLSv1.3";

  static final List<String> CIPHERS =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  public TlsContexts {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(clientHttp, "clientHttp");
    Objects.requireNonNull(clientOpaque, "clientOpaque");
  }

  /**
   * Builds the contexts for a key and its chain (leaf first, then intermediates), validating peers
   * with {@code trust} (normally a {@link MeshTrustManager}).
   */
  public static TlsContexts create(
      PrivateKey key, List<X509Certificate> chain, X509ExtendedTrustManager trust)
      throws SSLException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(trust, "trust");
    if (chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("chain: empty (expected: leaf certificate first)");
    }
    SslContext server =
        SslContextBuilder.forServer(key, chain)
            .sslProvider(SslProvider.JDK)
            .protocols(PROTOCOL)
            .ciphers(CIPHERS)
            // Asked for, and checked when sent; a handshake without one completes and the listener
            // then refuses the connection (and counts it), so that TLS scanners can inspect the
            // port.
            .clientAuth(ClientAuth.OPTIONAL)
            .trustManager(trust)
            .applicationProtocolConfig(
                alpn(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
            .build();
    return new TlsContexts(
        server,
        client(key, chain, trust)
            .applicationProtocolConfig(alpn(ApplicationProtocolNames.HTTP_2))
            .build(),
        client(key, chain, trust).build());
  }

  private static SslContextBuilder client(
      PrivateKey key, List<X509Certificate> chain, X509ExtendedTrustManager trust) {
    return SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .protocols(PROTOCOL)
        .ciphers(CIPHERS)
        .keyManager(key, chain)
        .trustManager(trust)
        // The trust manager checks the peer's identity itself (exact DNS SAN); HTTPS hostname rules
        // (wildcards, IP SANs) must not apply on top.
        .endpointIdentificationAlgorithm(null);
  }

  // NO_ADVERTISE + ACCEPT: a peer that offers no ALPN (or none we know) still completes the
  // handshake without a protocol, which the proxy treats as opaque TCP.
  private static ApplicationProtocolConfig alpn(String... protocols) {
    return new ApplicationProtocolConfig(
        Protocol.ALPN,
        SelectorFailureBehavior.NO_ADVERTISE,
        SelectedListenerFailureBehavior.ACCEPT,
        protocols);
  }
}
