package dev.weft.proxy.identity;

import com.google.protobuf.ByteString;
import dev.weft.api.identity.v1.CertifyRequest;
import dev.weft.api.identity.v1.CertifyResponse;
import dev.weft.api.identity.v1.IdentityGrpc;
import dev.weft.proxy.controlplane.ControlPlaneChannels;
import dev.weft.proxy.tls.PeerIdentity;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls the control plane's {@code Identity.Certify} over a channel of {@link ControlPlaneChannels}
 * (TLS to the control plane's identity, or plaintext h2c). Each attempt opens its own channel and
 * closes it: attempts are hours apart (or seconds apart while the control plane is away), and a
 * fresh connection never inherits gRPC's own reconnect backoff, so a control plane that is back is
 * used at the next attempt. Blocks the calling thread for at most {@code timeout}.
 */
final class Certifier implements AutoCloseable {
  private final InetSocketAddress address;
  private final ControlPlaneChannels channels;
  private final Duration timeout;
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          1,
          Thread.ofPlatform().daemon().name("weft-identity-io").factory(),
          NioIoHandler.newFactory());

  Certifier(InetSocketAddress address, ControlPlaneChannels channels, Duration timeout) {
    this.address = address;
    this.channels = channels;
    this.timeout = timeout;
  }

  /** Returns the chain issued for {@code publicKey}, after checking it is what was asked for. */
  IssuedCertificate certify(String identity, byte[] token, byte[] csr, PublicKey publicKey)
      throws CertifyException {
    ManagedChannel channel =
        channels
            .builder(address)
            .eventLoopGroup(group)
            .channelType(NioSocketChannel.class)
            .directExecutor()
            .build();
    CertifyResponse response;
    try {
      response =
          IdentityGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .certify(
                  CertifyRequest.newBuilder()
                      .setIdentity(identity)
                      .setToken(ByteString.copyFrom(token))
                      .setCertificateSigningRequest(ByteString.copyFrom(csr))
                      .build());
    } catch (StatusRuntimeException e) {
      throw new CertifyException(
          "Certify at " + address + " failed: " + ControlPlaneChannels.describe(e.getStatus()), e);
    } finally {
      channel.shutdownNow();
    }
    return check(identity, publicKey, response);
  }

  private IssuedCertificate check(String identity, PublicKey publicKey, CertifyResponse response)
      throws CertifyException {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      chain.add(parse(factory, response.getLeafCertificate().toByteArray()));
      for (var der : response.getIntermediateCertificatesList()) {
        chain.add(parse(factory, der.toByteArray()));
      }
    } catch (CertificateException e) {
      throw new CertifyException("control plane returned an unreadable certificate: " + e, e);
    }
    X509Certificate leaf = chain.getFirst();
    if (!leaf.getPublicKey().equals(publicKey)) {
      throw new CertifyException("control plane returned a certificate for another key");
    }
    String named = PeerIdentity.dnsName(leaf);
    if (!identity.equals(named)) {
      throw new CertifyException(
          "control plane returned a certificate naming " + named + " (expected: " + identity + ")");
    }
    return new IssuedCertificate(chain);
  }

  private static X509Certificate parse(CertificateFactory factory, byte[] der)
      throws CertificateException {
    return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
