package dev.weft.proxy.http2;

import static dev.weft.proxy.http2.EchoService.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.testkit.Await;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The request and response meters of gRPC calls, by HTTP and gRPC status. */
class GrpcMetricsTest {
  private static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** Waits until the proxy has recorded {@code responses} responses, then returns the scrape. */
  private static PromText scrapeAfter(TestProxy proxy, int responses) throws Exception {
    // The proxy records a response just after relaying its end, so the client can be a moment
    // ahead.
    PromText[] last = new PromText[1];
    Await.until(
        Duration.ofSeconds(10),
        () -> (last[0] = proxy.scrape()).sum("response_total") >= responses,
        () -> "response_total >= " + responses + " in\n" + last[0].text());
    return last[0];
  }

  @Test
  void grpcOutcomesAreCountedByStatus() throws Exception {
    try (GrpcUpstream upstream = GrpcUpstream.start(new EchoService().definition());
        TestProxy proxy = TestProxy.start(upstream.address())) {
      ManagedChannel channel = GrpcUpstream.channel(proxy.address());
      try {
        for (int i = 0; i < 3; i++) {
          ClientCalls.blockingUnaryCall(channel, EchoService.UNARY, options(), utf8("ok " + i));
        }
        Iterator<byte[]> stream =
            ClientCalls.blockingServerStreamingCall(
                channel, EchoService.SERVER_STREAM, options(), Payloads.streamRequest(5, 10));
        stream.forEachRemaining(m -> {});
        for (int i = 0; i < 2; i++) {
          int n = i;
          StatusRuntimeException e =
              assertThrows(
                  StatusRuntimeException.class,
                  () ->
                      ClientCalls.blockingUnaryCall(
                          channel, EchoService.FAIL, options(), utf8("x" + n)));
          assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        }
      } finally {
        GrpcUpstream.close(channel);
      }

      PromText m = scrapeAfter(proxy, 6);
      String authority = "127.0.0.1:" + proxy.port();
      assertEquals(6, m.sum("request_total", Map.of("authority", authority)), m.text());
      assertEquals(6, m.sum("response_total"), m.text());
      assertEquals(
          4,
          m.sum(
              "response_total",
              Map.of(
                  "status_code",
                  "200",
                  "grpc_status",
                  "0",
                  "classification",
                  "success",
                  "authority",
                  authority)),
          m.text());
      // A gRPC error travels in an HTTP 200 response; the grpc-status makes it a failure.
      assertEquals(
          2,
          m.sum(
              "response_total",
              Map.of("status_code", "200", "grpc_status", "5", "classification", "failure")),
          m.text());
      assertEquals(2, m.sum("response_total", Map.of("classification", "failure")), m.text());
      assertEquals(0, m.sum("response_total", Map.of("error", "stream")), m.text());
      assertEquals(6, m.sum("response_latency_ms_count", Map.of("status_code", "200")), m.text());
      String target = "127.0.0.1:" + upstream.address().getPort();
      assertEquals(
          6, m.sum("request_total", Map.of("target_addr", target, "tls", "no_identity")), m.text());
    }
  }

  @Test
  void unavailableUpstreamIsCountedAsGrpcFailure() throws Exception {
    InetSocketAddress dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      dead = new InetSocketAddress("127.0.0.1", s.getLocalPort());
    }
    try (TestProxy proxy = TestProxy.start(dead)) {
      ManagedChannel channel = GrpcUpstream.channel(proxy.address());
      try {
        for (int i = 0; i < 2; i++) {
          StatusRuntimeException e =
              assertThrows(
                  StatusRuntimeException.class,
                  () ->
                      ClientCalls.blockingUnaryCall(
                          channel, EchoService.UNARY, options(), utf8("anyone?")));
          assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        }
      } finally {
        GrpcUpstream.close(channel);
      }
      PromText m = scrapeAfter(proxy, 2);
      assertEquals(2, m.sum("request_total"), m.text());
      assertEquals(
          2,
          m.sum(
              "response_total",
              Map.of("status_code", "200", "grpc_status", "14", "classification", "failure")),
          m.text());
      assertEquals(0, m.sum("response_total", Map.of("classification", "success")), m.text());
    }
  }
}
