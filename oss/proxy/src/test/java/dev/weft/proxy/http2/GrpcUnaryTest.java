package dev.weft.proxy.http2;

import static dev.weft.proxy.http2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.TestProxy;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unary gRPC calls through the proxy: payloads, metadata both ways, error statuses. */
class GrpcUnaryTest {
  private static final Metadata.Key<String> PROXY_ERROR =
      Metadata.Key.of("weft-proxy-error", Metadata.ASCII_STRING_MARSHALLER);

  private static GrpcPath path;

  @BeforeAll
  static void start() throws Exception {
    path = GrpcPath.through(GrpcUpstream.start(new EchoService().definition()));
  }

  @AfterAll
  static void stop() throws Exception {
    path.close();
  }

  private static byte[] unary(Channel ch, byte[] request) {
    return ClientCalls.blockingUnaryCall(
        ch,
        EchoService.UNARY,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
        request);
  }

  @Test
  void unaryEchoesEveryByteValue() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    assertArrayEquals(all, unary(path.channel(), all));
  }

  @Test
  void unaryEchoesEmptyAndLargeMessages() {
    assertArrayEquals(new byte[0], unary(path.channel(), new byte[0]));
    // Larger than the proxy's and the peers' flow-control windows, so it crosses several window
    // updates.
    byte[] big = Payloads.message(7, 1536 * 1024);
    assertTrue(Payloads.intact(unary(path.channel(), big), 7, big.length));
  }

  @Test
  void metadataTravelsBothWays() {
    Metadata sent = new Metadata();
    sent.put(EchoService.TAG, "tag-42");
    byte[] blob = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
    sent.put(EchoService.BLOB, blob);
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    Channel ch =
        ClientInterceptors.intercept(
            path.channel(),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers),
            MetadataUtils.newAttachHeadersInterceptor(sent));

    assertArrayEquals(utf8("hi"), unary(ch, utf8("hi")));

    assertEquals("tag-42", headers.get().get(EchoService.ECHO_TAG), "response header");
    assertEquals("tag-42", trailers.get().get(EchoService.TRAILER_TAG), "trailer");
    assertArrayEquals(blob, trailers.get().get(EchoService.BLOB), "binary trailer");
    assertNull(headers.get().get(PROXY_ERROR), "an upstream answer is not marked as the proxy's");
  }

  @Test
  void serverErrorReachesClientAsTrailersOnly() {
    Metadata sent = new Metadata();
    sent.put(EchoService.TAG, "err-1");
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    Channel ch =
        ClientInterceptors.intercept(
            path.channel(),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers),
            MetadataUtils.newAttachHeadersInterceptor(sent));

    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    ch,
                    EchoService.FAIL,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                    utf8("42 \u00fc%")));

    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    // Non-ASCII and '%' are percent-encoded in grpc-message; relayed untouched, they decode back.
    assertEquals("no widget 42 \u00fc%", e.getStatus().getDescription());
    assertNull(headers.get(), "a trailers-only response has no separate response headers");
    assertEquals("err-1", trailers.get().get(EchoService.TRAILER_TAG));
    assertNull(trailers.get().get(PROXY_ERROR));
  }

  @Test
  void upstreamDownIsUnavailableWithProxyErrorHeader() throws Exception {
    InetSocketAddress dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      dead = new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
    try (TestProxy down = TestProxy.start(dead)) {
      ManagedChannel ch = GrpcUpstream.channel(down.address());
      try {
        StatusRuntimeException e =
            assertThrows(StatusRuntimeException.class, () -> unary(ch, utf8("anyone?")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
        Metadata trailers = e.getTrailers();
        assertNotNull(trailers);
        String why = trailers.get(PROXY_ERROR);
        assertNotNull(why, "weft-proxy-error in " + trailers);
        assertTrue(why.contains("refused") && why.contains(dead.getPort() + ""), why);
        assertNotNull(e.getStatus().getDescription());

        // The failure is per call: the client connection to the proxy stays usable.
        assertEquals(
            Status.Code.UNAVAILABLE,
            assertThrows(StatusRuntimeException.class, () -> unary(ch, utf8("again")))
                .getStatus()
                .getCode());
      } finally {
        GrpcUpstream.close(ch);
      }
    }
  }
}
