package dev.weft.proxy.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Duration;
import dev.weft.api.destination.v1.RetryPolicy;
import dev.weft.api.destination.v1.Route;
import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.api.destination.v1.Timeouts;
import dev.weft.proxy.http2.GrpcUpstream;
import io.grpc.CallOptions;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** gRPC (HTTP/2) calls to discovered services: balancing, retries of UNAVAILABLE, deadlines. */
class GrpcRoutingTest {
  private static final MethodDescriptor.Marshaller<String> TEXT =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
          return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
          try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  private static final MethodDescriptor<String, String> NAME =
      MethodDescriptor.<String, String>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("weft.test.Names/Name")
          .setRequestMarshaller(TEXT)
          .setResponseMarshaller(TEXT)
          .build();

  /** A server that answers its name, or UNAVAILABLE, or never (noticing the cancel). */
  private static final class Named {
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile Status fail;
    volatile boolean hang;
    final GrpcUpstream server;

    Named(String name) throws IOException {
      ServerServiceDefinition service =
          ServerServiceDefinition.builder("weft.test.Names")
              .addMethod(
                  NAME,
                  ServerCalls.asyncUnaryCall((req, out) -> {
                    calls.incrementAndGet();
                    if (hang) {
                      return; // never answers: the interceptor sees the cancel
                    }
                    if (fail != null) {
                      out.onError(fail.asRuntimeException());
                      return;
                    }
                    out.onNext(name);
                    out.onCompleted();
                  }))
              .build();
      ServerInterceptor seeCancel =
          new ServerInterceptor() {
            // Called for every call that reached the server, even one cancelled before its
            // handler ran.
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
              return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                  next.startCall(call, headers)) {
                @Override
                public void onCancel() {
                  cancelled.countDown();
                  super.onCancel();
                }
              };
            }
          };
      server = GrpcUpstream.start(ServerInterceptors.intercept(service, seeCancel));
    }
  }

  private static ManagedChannel channel(OutboundFixture f) {
    return NettyChannelBuilder.forAddress(f.proxy.address())
        .usePlaintext()
        .overrideAuthority("names:80")
        .build();
  }

  private static String call(ManagedChannel ch) {
    return ClientCalls.blockingUnaryCall(
        ch, NAME, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), "hi");
  }

  private static Duration millis(long ms) {
    return Duration.newBuilder().setNanos((int) ms * 1_000_000).build();
  }

  @Test
  void callsReachTheDiscoveredEndpointsAndUnavailableIsRetried() throws Exception {
    Named good = new Named("good");
    Named down = new Named("down");
    down.fail = Status.UNAVAILABLE.withDescription("going away");
    try (OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set(
          "names:80",
          ServicePolicy.newBuilder()
              .addRoutes(
                  Route.newBuilder()
                      .setName("all")
                      .setRetry(RetryPolicy.newBuilder().addGrpcCodes(14)))
              .build(),
          List.of(
              FakeDestination.endpoint(good.server.address()),
              FakeDestination.endpoint(down.server.address())));
      ManagedChannel ch = channel(f);
      try {
        for (int i = 0; i < 40; i++) {
          assertEquals("good", call(ch));
        }
      } finally {
        ch.shutdownNow();
      }
      assertTrue(down.calls.get() > 0, "the failing endpoint was tried");
      assertEquals(40, good.calls.get());
    } finally {
      good.server.close();
      down.server.close();
    }
  }

  @Test
  void aRouteTimeoutEndsTheCallWithDeadlineExceededAndCancelsUpstream() throws Exception {
    Named stuck = new Named("stuck");
    stuck.hang = true;
    try (OutboundFixture f = OutboundFixture.discovered()) {
      f.destination.set(
          "names:80",
          ServicePolicy.newBuilder()
              .addRoutes(
                  Route.newBuilder()
                      .setName("all")
                      .setTimeouts(Timeouts.newBuilder().setRequest(millis(300))))
              .build(),
          List.of(FakeDestination.endpoint(stuck.server.address())));
      ManagedChannel ch = channel(f);
      try {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(ch));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertTrue(
            String.valueOf(e.getStatus().getDescription()).contains("request timeout"),
            String.valueOf(e.getStatus()));
      } finally {
        ch.shutdownNow();
      }
      assertTrue(
          stuck.cancelled.await(10, TimeUnit.SECONDS),
          "the upstream call was cancelled (calls seen: " + stuck.calls + ")");
    } finally {
      stuck.server.close();
    }
  }
}
