package dev.weft.proxy.http2;

import static dev.weft.proxy.http2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent calls on one client connection are multiplexed by the proxy onto few upstream
 * connections, each call getting its own answer.
 */
class GrpcMultiplexTest {
  private static final int CALLS = 100;

  /** Answers nothing until {@link #CALLS} calls are waiting, then answers them all. */
  private static final MethodDescriptor<byte[], byte[]> GATHER =
      EchoService.method("weft.test.Gather", "Gather", MethodType.UNARY);

  private static final List<Runnable> waiting = new ArrayList<>();
  private static GrpcPath path;

  @BeforeAll
  static void start() throws Exception {
    BiConsumer<byte[], StreamObserver<byte[]>> gather =
        (req, out) -> {
          List<Runnable> ready = null;
          synchronized (waiting) {
            waiting.add(() -> {
              out.onNext(utf8("answer to " + utf8(req)));
              out.onCompleted();
            });
            if (waiting.size() == CALLS) {
              ready = new ArrayList<>(waiting);
              waiting.clear();
            }
          }
          if (ready != null) {
            ready.forEach(Runnable::run);
          }
        };
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("weft.test.Gather")
            .addMethod(GATHER, ServerCalls.asyncUnaryCall(gather::accept))
            .build();
    path = GrpcPath.through(GrpcUpstream.start(service, new EchoService().definition()));
  }

  @AfterAll
  static void stop() throws Exception {
    path.close();
  }

  @Test
  void concurrentCallsShareFewUpstreamConnections() throws Exception {
    List<Future<byte[]>> calls = new ArrayList<>();
    for (int i = 0; i < CALLS; i++) {
      calls.add(
          ClientCalls.futureUnaryCall(
              path.channel()
                  .newCall(GATHER, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
              utf8("q" + i)));
    }
    // Every call is answered only once all of them reached the server: they were in flight
    // together.
    for (int i = 0; i < CALLS; i++) {
      assertEquals("answer to q" + i, utf8(calls.get(i).get(30, TimeUnit.SECONDS)));
    }
    int opened = path.upstream().transportsOpened();
    assertTrue(
        opened >= 1 && opened <= 2,
        CALLS + " concurrent calls took " + opened + " upstream connections");

    double dst = path.proxy().scrape().sum("tcp_open_total", Map.of("peer", "dst"));
    assertTrue(dst >= 1 && dst <= 2, "tcp_open_total{peer=dst} = " + dst);
  }

  @Test
  void mixedConcurrentStreamsEachGetTheirOwnAnswer() throws Exception {
    // Streams of different lengths interleave on the shared connections; none may get another's
    // frames.
    List<Future<byte[]>> unary = new ArrayList<>();
    List<Iterator<byte[]>> streams = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      unary.add(
          ClientCalls.futureUnaryCall(
              path.channel()
                  .newCall(
                      EchoService.UNARY,
                      CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
              Payloads.message(i, 1000 + 997 * i)));
      streams.add(
          ClientCalls.blockingServerStreamingCall(
              path.channel(),
              EchoService.SERVER_STREAM,
              CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
              Payloads.streamRequest(i + 1, 100 + i)));
    }
    for (int i = 0; i < 40; i++) {
      assertTrue(
          Payloads.intact(unary.get(i).get(30, TimeUnit.SECONDS), i, 1000 + 997 * i), "unary " + i);
      int n = 0;
      for (Iterator<byte[]> it = streams.get(i); it.hasNext(); n++) {
        assertTrue(Payloads.intact(it.next(), n, 100 + i), "stream " + i + " message " + n);
      }
      assertEquals(i + 1, n, "stream " + i);
    }
  }
}
