package dev.weft.proxy.http2;

import static dev.weft.proxy.http2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deadlines and cancellations: the upstream server learns that the client gave up. */
class GrpcCancellationTest {
  private static final EchoService echo = new EchoService();
  private static GrpcPath path;

  @BeforeAll
  static void start() throws Exception {
    path = GrpcPath.through(GrpcUpstream.start(echo.definition()));
  }

  @AfterAll
  static void stop() throws Exception {
    path.close();
  }

  @Test
  void expiredDeadlineCancelsTheServerCall() throws Exception {
    StatusRuntimeException e =
        assertThrows(
            StatusRuntimeException.class,
            () ->
                ClientCalls.blockingUnaryCall(
                    path.channel(),
                    EchoService.HANG,
                    CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS),
                    utf8("d1")));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    assertEquals(
        "Hang:d1",
        echo.cancellations.poll(10, TimeUnit.SECONDS),
        "the server saw the call cancelled");
    assertStillServes();
  }

  @Test
  void clientCancelOfServerStreamResetsTheServerStream() throws Exception {
    ClientCall<byte[], byte[]> call =
        path.channel().newCall(EchoService.TICKS, CallOptions.DEFAULT);
    BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(
        new ClientCall.Listener<>() {
          @Override
          public void onMessage(byte[] message) {
            got.add(message);
          }

          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        },
        new Metadata());
    call.request(10);
    call.sendMessage(utf8("c1"));
    call.halfClose();
    // The stream is established end to end once the server's first message is back.
    assertArrayEquals(utf8("c1"), got.poll(10, TimeUnit.SECONDS));

    call.cancel("client is done", null);

    assertEquals(Status.Code.CANCELLED, closed.get(10, TimeUnit.SECONDS).getCode());
    // No deadline was set, so only the proxy relaying the client's RST_STREAM can cancel the server
    // call.
    assertEquals(
        "Ticks:c1",
        echo.cancellations.poll(10, TimeUnit.SECONDS),
        "the server saw the call cancelled");
    assertStillServes();
  }

  @Test
  void manyCancelledStreamsAllReachTheServer() throws Exception {
    int n = 20;
    for (int i = 0; i < n; i++) {
      CompletableFuture<byte[]> first = new CompletableFuture<>();
      ClientCall<byte[], byte[]> call =
          path.channel().newCall(EchoService.TICKS, CallOptions.DEFAULT);
      call.start(
          new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
              first.complete(message);
            }
          },
          new Metadata());
      call.request(1);
      call.sendMessage(utf8("m" + i));
      call.halfClose();
      first.get(10, TimeUnit.SECONDS);
      call.cancel("next", null);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String c = echo.cancellations.poll(10, TimeUnit.SECONDS);
      assertNotNull(c, "cancellation " + i + " of " + n + " (seen " + seen + ")");
      seen.add(c);
    }
    for (int i = 0; i < n; i++) {
      assertTrue(seen.contains("Ticks:m" + i), "Ticks:m" + i + " in " + seen);
    }
  }

  /** A cancelled stream must not disturb the client's connection to the proxy. */
  @Test
  void manyCancelledCallsDoNotGetTheClientsConnectionClosed() throws Exception {
    // More resets than Netty's default rapid-reset guard allows (200 in 30 s): each cancelled call
    // sends RST_STREAM to the proxy, which must keep serving the connection they came on. (The
    // upstream here allows more than that itself; what an application's server allows is its own
    // policy.)
    int calls = 400;
    EchoService hanging = new EchoService();
    try (GrpcPath own =
        GrpcPath.through(
            GrpcUpstream.start(b -> b.maxRstFramesPerWindow(10_000, 10), hanging.definition()))) {
      java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(calls);
      for (int i = 0; i < calls; i++) {
        ClientCall<byte[], byte[]> call =
            own.channel().newCall(EchoService.HANG, CallOptions.DEFAULT);
        call.start(
            new ClientCall.Listener<>() {
              @Override
              public void onClose(Status status, Metadata trailers) {
                closed.countDown();
              }
            },
            new Metadata());
        call.sendMessage(utf8("r" + i));
        call.halfClose();
        call.cancel("giving up", null);
      }
      assertTrue(closed.await(30, TimeUnit.SECONDS), "every cancelled call closed");
      assertArrayEquals(
          utf8("after"),
          ClientCalls.blockingUnaryCall(
              own.channel(),
              EchoService.UNARY,
              CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
              utf8("after")),
          "the client's connection still serves");
    }
  }

  private static void assertStillServes() {
    assertArrayEquals(
        utf8("after"),
        ClientCalls.blockingUnaryCall(
            path.channel(),
            EchoService.UNARY,
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
            utf8("after")));
  }
}
