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
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Flow control end to end: a receiver that stops asking for messages holds back the sender on the
 * far side of the proxy (the proxy buffers a bounded amount, it does not soak up the stream), other
 * calls keep flowing meanwhile, and once the receiver resumes every message arrives intact and in
 * order.
 */
class GrpcFlowControlTest {
  private static final int COUNT = 200;
  private static final int SIZE = 64 * 1024;

  /** Small windows at both ends, so that the stream (12.8 MB) is many windows long. */
  private static final int PEER_WINDOW = 256 * 1024;

  /**
   * More messages than the windows and buffers on the way can hold (peer window, the proxy's 1 MiB
   * windows and outbound buffer: under 2 MiB, about 30 messages), with a wide margin. A sender that
   * gets further ahead of its reader than this is not held back.
   */
  private static final int AHEAD = 80;

  private static final MethodDescriptor<byte[], byte[]> PUSH =
      EchoService.method("Push", MethodType.SERVER_STREAMING);
  private static final MethodDescriptor<byte[], byte[]> SINK =
      EchoService.method("Sink", MethodType.CLIENT_STREAMING);

  /** Messages the server has sent on the current Push call. */
  private static volatile Progress pushed;

  /** The server's side of the current Sink call, once its first message arrived. */
  private static volatile CompletableFuture<ServerCallStreamObserver<byte[]>> sinkStarted;

  private static GrpcPath path;

  @BeforeAll
  static void start() throws Exception {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(EchoService.SERVICE)
            .addMethod(PUSH, ServerCalls.asyncServerStreamingCall(GrpcFlowControlTest::push))
            .addMethod(SINK, ServerCalls.asyncClientStreamingCall(GrpcFlowControlTest::sink))
            .addMethod(
                EchoService.UNARY,
                ServerCalls.asyncUnaryCall((req, out) -> {
                  out.onNext(req);
                  out.onCompleted();
                }))
            .build();
    path =
        GrpcPath.through(
            GrpcUpstream.start(b -> b.flowControlWindow(PEER_WINDOW), service),
            b -> b.flowControlWindow(PEER_WINDOW));
  }

  @AfterAll
  static void stop() throws Exception {
    path.close();
  }

  /** Sends only while the call is ready, as a well-behaved streaming server does. */
  private static void push(byte[] req, StreamObserver<byte[]> out) {
    ByteBuffer b = ByteBuffer.wrap(req);
    int count = b.getInt();
    int size = b.getInt();
    ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) out;
    Progress progress = pushed;
    int[] next = {0};
    call.setOnCancelHandler(() -> {});
    call.setOnReadyHandler(() -> {
      while (next[0] < count && call.isReady()) {
        call.onNext(Payloads.message(next[0]++, size));
        progress.advance();
      }
      if (next[0] == count) {
        next[0]++;
        call.onCompleted();
      }
    });
  }

  private static StreamObserver<byte[]> sink(StreamObserver<byte[]> out) {
    ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) out;
    call.disableAutoRequest();
    call.request(1);
    CompletableFuture<ServerCallStreamObserver<byte[]>> started = sinkStarted;
    return new StreamObserver<>() {
      int count;
      String problem;

      @Override
      public void onNext(byte[] m) {
        if (problem == null && !Payloads.intact(m, count, SIZE)) {
          problem =
              "message " + count + " is not intact (claims index " + Payloads.indexOf(m) + ")";
        }
        count++;
        started.complete(call); // more is requested by the test, when it chooses
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onNext(utf8(problem != null ? problem : count + " intact"));
        out.onCompleted();
      }
    };
  }

  /**
   * That {@code f} does not complete. A sender that is not held back passes the mark in well under
   * the bound; one that is held back never does, so the bound only limits how long a broken proxy
   * takes to be noticed.
   */
  private static void assertNotReached(CompletableFuture<Integer> f, String what) {
    assertThrows(TimeoutException.class, () -> f.get(1, TimeUnit.SECONDS), what);
  }

  /** Starts a Push call whose client takes messages only when asked to. */
  private static ClientCall<byte[], byte[]> startPush(
      BlockingQueue<byte[]> got, CompletableFuture<Status> closed) {
    ClientCall<byte[], byte[]> call =
        path.channel().newCall(PUSH, CallOptions.DEFAULT.withDeadlineAfter(120, TimeUnit.SECONDS));
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
    call.sendMessage(Payloads.streamRequest(COUNT, SIZE));
    call.halfClose();
    call.request(1);
    return call;
  }

  @Test
  void slowReaderOfServerStreamHoldsBackTheServer() throws Exception {
    Progress sent = pushed = new Progress();
    BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = startPush(got, closed);
    assertTrue(Payloads.intact(got.poll(30, TimeUnit.SECONDS), 0, SIZE), "message 0");

    // The stream flows into the windows on the way, then the server must find its call not ready.
    sent.atLeast(10).get(30, TimeUnit.SECONDS);
    assertNotReached(
        sent.atLeast(AHEAD), "the server ran " + AHEAD + " messages ahead of a client that took 1");

    for (int i = 1; i < COUNT; i++) {
      call.request(1);
      byte[] m = got.poll(30, TimeUnit.SECONDS);
      assertNotNull(m, "message " + i);
      assertTrue(
          Payloads.intact(m, i, SIZE), "message " + i + " claims index " + Payloads.indexOf(m));
      assertTrue(
          sent.count() <= i + 1 + AHEAD,
          "the server ran " + sent.count() + " messages ahead at " + i);
    }
    call.request(1);
    assertEquals(Status.Code.OK, closed.get(30, TimeUnit.SECONDS).getCode());
    assertTrue(got.isEmpty());
  }

  @Test
  void slowReaderOfClientStreamHoldsBackTheClient() throws Exception {
    sinkStarted = new CompletableFuture<>();
    Progress sent = new Progress();
    CompletableFuture<String> answer = new CompletableFuture<>();
    ClientCalls.asyncClientStreamingCall(
        path.channel().newCall(SINK, CallOptions.DEFAULT.withDeadlineAfter(120, TimeUnit.SECONDS)),
        new ClientResponseObserver<byte[], byte[]>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<byte[]> req) {
            int[] next = {0};
            req.setOnReadyHandler(() -> {
              while (next[0] < COUNT && req.isReady()) {
                req.onNext(Payloads.message(next[0]++, SIZE));
                sent.advance();
              }
              if (next[0] == COUNT) {
                next[0]++;
                req.onCompleted();
              }
            });
          }

          @Override
          public void onNext(byte[] value) {
            answer.complete(utf8(value));
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });

    ServerCallStreamObserver<byte[]> server = sinkStarted.get(30, TimeUnit.SECONDS);
    // The server took one message and asks for no more: the client must find its call not ready.
    sent.atLeast(10).get(30, TimeUnit.SECONDS);
    assertNotReached(
        sent.atLeast(AHEAD), "the client ran " + AHEAD + " messages ahead of a server that took 1");

    server.request(Integer.MAX_VALUE);
    assertEquals(COUNT + " intact", answer.get(60, TimeUnit.SECONDS));
  }

  @Test
  void heldBackStreamDoesNotStallOtherCalls() throws Exception {
    Progress sent = pushed = new Progress();
    BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
    CompletableFuture<Status> closed = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = startPush(got, closed);
    try {
      sent.atLeast(10).get(30, TimeUnit.SECONDS);
      // The held-back stream shares the client's connection to the proxy and the proxy's connection
      // to the server: its unread data must not use up either connection's window.
      for (int i = 0; i < 5; i++) {
        byte[] big = Payloads.message(i, 300 * 1024);
        assertArrayEquals(
            big,
            ClientCalls.blockingUnaryCall(
                path.channel(),
                EchoService.UNARY,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                big),
            "call " + i);
      }
    } finally {
      call.cancel("done", null);
    }
    assertEquals(Status.Code.CANCELLED, closed.get(10, TimeUnit.SECONDS).getCode());
  }
}
