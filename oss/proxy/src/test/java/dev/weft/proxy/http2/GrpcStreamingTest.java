package dev.weft.proxy.http2;

import static dev.weft.proxy.http2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server, client and bidirectional gRPC streams through the proxy: every message, in order. */
class GrpcStreamingTest {
  private static GrpcPath path;

  @BeforeAll
  static void start() throws Exception {
    path = GrpcPath.through(GrpcUpstream.start(new EchoService().definition()));
  }

  @AfterAll
  static void stop() throws Exception {
    path.close();
  }

  private static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** Collects a response stream; {@link #done} completes with the messages or the error. */
  private static final class Collector implements StreamObserver<byte[]> {
    final List<byte[]> messages = new ArrayList<>();
    final CompletableFuture<List<byte[]>> done = new CompletableFuture<>();

    @Override
    public synchronized void onNext(byte[] value) {
      messages.add(value);
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
      done.complete(List.copyOf(messages));
    }
  }

  @Test
  void serverStreamDeliversEveryMessageInOrder() {
    Iterator<byte[]> it =
        ClientCalls.blockingServerStreamingCall(
            path.channel(),
            EchoService.SERVER_STREAM,
            options(),
            Payloads.streamRequest(500, 1000));
    int i = 0;
    while (it.hasNext()) {
      byte[] m = it.next();
      assertTrue(
          Payloads.intact(m, i, 1000), "message " + i + " claims index " + Payloads.indexOf(m));
      i++;
    }
    assertEquals(500, i);
  }

  @Test
  void emptyServerStreamEndsCleanly() {
    Iterator<byte[]> it =
        ClientCalls.blockingServerStreamingCall(
            path.channel(), EchoService.SERVER_STREAM, options(), Payloads.streamRequest(0, 10));
    assertFalse(it.hasNext());
  }

  @Test
  void clientStreamArrivesWholeAndInOrder() throws Exception {
    Collector rsp = new Collector();
    StreamObserver<byte[]> req =
        ClientCalls.asyncClientStreamingCall(
            path.channel().newCall(EchoService.CLIENT_STREAM, options()), rsp);
    for (int i = 0; i < 300; i++) {
      req.onNext(Payloads.message(i, 2000));
    }
    req.onCompleted();
    List<byte[]> got = rsp.done.get(30, TimeUnit.SECONDS);
    assertEquals(1, got.size());
    assertEquals("300 messages, 600000 bytes, intact", utf8(got.getFirst()));
  }

  @Test
  void bidiStreamEchoesManyMessagesInOrder() throws Exception {
    Collector rsp = new Collector();
    StreamObserver<byte[]> req =
        ClientCalls.asyncBidiStreamingCall(
            path.channel().newCall(EchoService.BIDI, options()), rsp);
    int n = 2000;
    for (int i = 0; i < n; i++) {
      // Sizes vary so that messages straddle HTTP/2 frame boundaries differently.
      req.onNext(Payloads.message(i, 4 + (i * 37) % 3000));
    }
    req.onCompleted();
    List<byte[]> got = rsp.done.get(60, TimeUnit.SECONDS);
    assertEquals(n, got.size());
    for (int i = 0; i < n; i++) {
      assertTrue(Payloads.intact(got.get(i), i, 4 + (i * 37) % 3000), "message " + i);
    }
  }

  @Test
  void bidiStreamIsInteractive() throws Exception {
    // Each reply must arrive before the next request is sent: nothing may wait for the stream's
    // end.
    BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    StreamObserver<byte[]> req =
        ClientCalls.asyncBidiStreamingCall(
            path.channel().newCall(EchoService.BIDI, options()),
            new StreamObserver<>() {
              @Override
              public void onNext(byte[] value) {
                replies.add(value);
              }

              @Override
              public void onError(Throwable t) {
                closed.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                closed.complete(null);
              }
            });
    for (int i = 0; i < 50; i++) {
      byte[] ping = utf8("ping " + i);
      req.onNext(ping);
      byte[] pong = replies.poll(10, TimeUnit.SECONDS);
      assertNotNull(pong, "reply " + i);
      assertArrayEquals(ping, pong);
    }
    req.onCompleted();
    closed.get(10, TimeUnit.SECONDS);
    assertTrue(replies.isEmpty());
  }
}
