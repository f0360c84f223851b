package dev.weft.controlplane;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * A proxy's view of the control plane's gRPC port in tests: TLS 1.3 trusting the given roots, with
 * the expected identity as authority (so the JDK checks the server's DNS SAN against it), and the
 * leaf the server presented recorded from each call.
 */
public final class GrpcTlsClient implements ClientInterceptor {
  private volatile X509Certificate presented;

  /** A channel builder to {@code 127.0.0.1:port} that accepts only {@code identity} under roots. */
  public NettyChannelBuilder builder(int port, List<X509Certificate> roots, String identity)
      throws SSLException {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .sslContext(
            GrpcSslContexts.forClient()
                .protocols("TLSv1.3")
                .trustManager(roots.toArray(X509Certificate[]::new))
                .build())
        .overrideAuthority(identity + ":" + port)
        .intercept(this);
  }

  /** The leaf of the last call's server, or null before a call got headers. */
  public X509Certificate presented() {
    return presented;
  }

  @Override
  public <Q, A> ClientCall<Q, A> interceptCall(
      MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<A> listener, Metadata headers) {
        ClientCall<Q, A> call = this;
        super.start(
            new SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onHeaders(Metadata h) {
                record(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                super.onHeaders(h);
              }
            },
            headers);
      }
    };
  }

  private void record(SSLSession session) {
    if (session == null) {
      return;
    }
    try {
      presented = (X509Certificate) session.getPeerCertificates()[0];
    } catch (SSLPeerUnverifiedException e) {
      throw new AssertionError("a TLS session without a server certificate", e);
    }
  }
}
