package dev.weft.proxy.controlplane;

import dev.weft.proxy.tls.PeerCertificateException;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * The one place that decides how the proxy reaches the control plane's gRPC port: plaintext HTTP/2,
 * or TLS 1.3 (ALPN {@code h2}) accepting only a certificate that chains to the trust anchors and
 * names the configured control plane identity. Identity's Certify and Destination's Watch both
 * build their channels here. Immutable and thread-safe; builds no threads.
 */
public final class ControlPlaneChannels {
  private final ControlPlaneTlsConfig config;
  private final SslContext tls;

  private ControlPlaneChannels(ControlPlaneTlsConfig config, SslContext tls) {
    this.config = config;
    this.tls = tls;
  }

  /**
   * Channels as {@code config} says; with TLS the trust anchors file is read now, and a bad one is
   * an {@link IllegalArgumentException} naming it.
   */
  public static ControlPlaneChannels create(ControlPlaneTlsConfig config) {
    Objects.requireNonNull(config, "config");
    if (!config.enabled()) {
      return plaintext();
    }
    ControlPlaneTrustManager trust =
        new ControlPlaneTrustManager(config.identity(), config.trustAnchors(), Clock.systemUTC());
    try {
      return new ControlPlaneChannels(
          config,
          GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
              .protocols("TLSv1.3")
              .trustManager(trust)
              // The trust manager checks the exact identity; HTTPS host name rules (wildcards, IP
              // SANs) must not apply on top.
              .endpointIdentificationAlgorithm(null)
              .build());
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the control plane's TLS context: " + e, e);
    }
  }

  public static ControlPlaneChannels plaintext() {
    return new ControlPlaneChannels(ControlPlaneTlsConfig.PLAINTEXT, null);
  }

  /** Whether channels use TLS. */
  public boolean tls() {
    return tls != null;
  }

  public ControlPlaneTlsConfig config() {
    return config;
  }

  /** A channel builder to {@code address}; the caller adds its executors and timeouts. */
  public NettyChannelBuilder builder(InetSocketAddress address) {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address);
    if (tls == null) {
      return builder.usePlaintext();
    }
    // The expected identity, not the address's host, is the authority: it is the server name
    // (SNI) sent, as between proxies, and the trust manager checks the certificate against it.
    return builder.sslContext(tls).overrideAuthority(config.identity() + ":" + address.getPort());
  }

  /**
   * A failed call's status in one line: its code, its description, and the cause (for UNAVAILABLE
   * the description is generic); a refused control plane certificate says which identity it named.
   */
  public static String describe(Status status) {
    StringBuilder s = new StringBuilder(status.getCode().name());
    String refused = refusal(status.getCause());
    if (refused != null) {
      // The description would only be grpc's generic "io exception" and the channel's pipeline.
      return s.append(" (TLS: ").append(refused).append(')').toString();
    }
    String description =
        status.getDescription() == null
            ? null
            : status.getDescription().lines().findFirst().orElse("");
    String cause = status.getCause() == null ? null : status.getCause().getMessage();
    if (description != null && cause != null) {
      s.append(" (").append(description).append(": ").append(cause).append(')');
    } else if (description != null || cause != null) {
      s.append(" (").append(description != null ? description : cause).append(')');
    }
    return s.toString();
  }

  private static String refusal(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof PeerCertificateException refused) {
        return refused.getMessage();
      }
    }
    return null;
  }
}
