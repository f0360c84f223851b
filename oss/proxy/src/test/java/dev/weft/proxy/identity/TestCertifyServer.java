package dev.weft.proxy.identity;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.weft.api.identity.v1.CertifyRequest;
import dev.weft.api.identity.v1.CertifyResponse;
import dev.weft.api.identity.v1.IdentityGrpc;
import dev.weft.proxy.tls.TestCa;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A control plane's Identity service for tests: a real gRPC server on 127.0.0.1 that checks CSRs
 * and signs them with a {@link TestCa}, with the lifetime, refusals and outages a test scripts.
 */
public final class TestCertifyServer implements AutoCloseable {
  /** One request as the server understood it. */
  record Seen(String identity, String token, String csrCommonName, List<String> csrDnsNames) {}

  final List<Seen> requests = new CopyOnWriteArrayList<>();
  public volatile Duration lifetime = Duration.ofHours(24);

  /** How far before "now" leaves start (the control plane allows a minute of clock skew). */
  public volatile Duration backdate = Duration.ZERO;

  /** When set, every call is refused with this status. */
  volatile Status refuse;

  private volatile TestCa ca;
  private final Clock clock;
  private final TestCa.Leaf serving;
  private final int port;
  private Server server;

  public TestCertifyServer(TestCa ca, Clock clock) {
    this(ca, clock, null);
  }

  /**
   * A server on TLS 1.3 presenting {@code serving}, as the control plane does (null: plaintext).
   */
  public TestCertifyServer(TestCa ca, Clock clock, TestCa.Leaf serving) {
    this.ca = ca;
    this.clock = clock;
    this.serving = serving;
    this.server = listen(0);
    this.port = server.getPort();
  }

  /** From now on signs with {@code next} (a CA moved to another issuer, or another root). */
  public void useCa(TestCa next) {
    this.ca = next;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** Stops listening: connections are refused until {@link #up()}. */
  public synchronized void down() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Listens again on the same port. */
  public synchronized void up() {
    server = listen(port);
  }

  @Override
  public synchronized void close() {
    down();
  }

  private Server listen(int onPort) {
    try {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", onPort))
              .withOption(ChannelOption.SO_REUSEADDR, true)
              .addService(new Service());
      if (serving != null) {
        builder.sslContext(
            GrpcSslContexts.configure(
                    SslContextBuilder.forServer(serving.key(), serving.chain()), SslProvider.JDK)
                .protocols("TLSv1.3")
                .build());
      }
      return builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final class Service extends IdentityGrpc.IdentityImplBase {
    @Override
    public void certify(CertifyRequest request, StreamObserver<CertifyResponse> response) {
      JcaPKCS10CertificationRequest csr;
      PublicKey key;
      try {
        csr =
            new JcaPKCS10CertificationRequest(request.getCertificateSigningRequest().toByteArray());
        key = csr.getPublicKey();
        if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
          throw new IllegalArgumentException("bad CSR signature");
        }
      } catch (Exception e) {
        response.onError(Status.INVALID_ARGUMENT.withDescription("CSR: " + e).asRuntimeException());
        return;
      }
      String cn =
          IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue());
      requests.add(
          new Seen(
              request.getIdentity(),
              request.getToken().toString(StandardCharsets.UTF_8),
              cn,
              dnsNames(csr)));
      Status refusal = refuse;
      if (refusal != null) {
        response.onError(refusal.asRuntimeException());
        return;
      }
      if (request.getToken().isEmpty()) {
        response.onError(Status.UNAUTHENTICATED.withDescription("no token").asRuntimeException());
        return;
      }
      if (!cn.equals(request.getIdentity())) {
        response.onError(
            Status.INVALID_ARGUMENT.withDescription("CSR names " + cn).asRuntimeException());
        return;
      }
      try {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate leaf =
            ca.sign(key, request.getIdentity(), now.minus(backdate), now.plus(lifetime));
        response.onNext(
            CertifyResponse.newBuilder()
                .setLeafCertificate(ByteString.copyFrom(leaf.getEncoded()))
                .addIntermediateCertificates(ByteString.copyFrom(ca.issuer().getEncoded()))
                .setValidUntil(
                    Timestamp.newBuilder()
                        .setSeconds(leaf.getNotAfter().toInstant().getEpochSecond()))
                .build());
        response.onCompleted();
      } catch (Exception e) {
        response.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
      }
    }
  }

  private static List<String> dnsNames(JcaPKCS10CertificationRequest csr) {
    List<String> names = new ArrayList<>();
    for (var attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
      GeneralNames san = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
      if (san != null) {
        for (GeneralName name : san.getNames()) {
          if (name.getTagNo() == GeneralName.dNSName) {
            names.add(name.getName().toString());
          }
        }
      }
    }
    return names;
  }
}
