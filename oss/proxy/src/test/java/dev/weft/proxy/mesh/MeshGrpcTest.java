package dev.weft.proxy.mesh;

import static dev.weft.proxy.mesh.MeshFixture.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.PromText;
import dev.weft.proxy.TestProxy;
import dev.weft.proxy.http2.EchoService;
import dev.weft.proxy.http2.GrpcUpstream;
import dev.weft.proxy.http2.Payloads;
import dev.weft.testkit.Await;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A gRPC client and server with two proxies between them: the client speaks h2c to its outbound
 * proxy, which carries the calls over mutual TLS to the server's inbound proxy.
 */
class MeshGrpcTest {
  private static CallOptions options() {
    return CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  @Test
  void unaryAndStreamingCallsCrossTheMesh() throws Exception {
    try (MeshFixture mesh = new MeshFixture();
        GrpcUpstream app = GrpcUpstream.start(new EchoService().definition())) {
      TestProxy authors = mesh.inbound(id("authors"), app.address());
      TestProxy web = mesh.outbound(id("web"), authors, id("authors"));
      ManagedChannel channel = GrpcUpstream.channel(web.address());
      try {
        for (int i = 0; i < 3; i++) {
          byte[] reply =
              ClientCalls.blockingUnaryCall(
                  channel, EchoService.UNARY, options(), EchoService.utf8("hello " + i));
          assertEquals("hello " + i, EchoService.utf8(reply));
        }

        // Server streaming, large enough to need flow-control updates on both hops.
        Iterator<byte[]> stream =
            ClientCalls.blockingServerStreamingCall(
                channel, EchoService.SERVER_STREAM, options(), Payloads.streamRequest(200, 8192));
        int received = 0;
        while (stream.hasNext()) {
          byte[] m = stream.next();
          assertTrue(Payloads.intact(m, received, 8192), "message " + received + " intact");
          received++;
        }
        assertEquals(200, received);

        assertEquals(List.of("a", "bb", "ccc"), bidi(channel, List.of("a", "bb", "ccc")));

        StatusRuntimeException failed =
            assertThrows(
                StatusRuntimeException.class,
                () ->
                    ClientCalls.blockingUnaryCall(
                        channel, EchoService.FAIL, options(), EchoService.utf8("w1")));
        assertEquals(Status.Code.NOT_FOUND, failed.getStatus().getCode());
        assertEquals("no widget w1", failed.getStatus().getDescription());
      } finally {
        GrpcUpstream.close(channel);
      }

      PromText out = scrapeAfter(web, 6);
      Map<String, String> outbound =
          Map.of("direction", "outbound", "tls", "true", "server_id", id("authors"));
      assertEquals(6, out.sum("request_total", outbound), out.text());
      assertEquals(
          5, out.sum("response_total", with(outbound, "grpc_status", "0", "status_code", "200")));
      assertEquals(
          1,
          out.sum(
              "response_total", with(outbound, "grpc_status", "5", "classification", "failure")),
          out.text());
      assertEquals(6, out.sum("response_latency_ms_count", outbound), out.text());
      assertEquals(
          1, out.sum("tcp_open_total", with(outbound, "peer", "dst")), "one multiplexed hop");

      PromText in = scrapeAfter(authors, 6);
      Map<String, String> inbound =
          Map.of("direction", "inbound", "tls", "true", "client_id", id("web"));
      assertEquals(6, in.sum("request_total", inbound), in.text());
      assertEquals(
          5, in.sum("response_total", with(inbound, "grpc_status", "0", "status_code", "200")));
      assertEquals(1, in.sum("response_total", with(inbound, "grpc_status", "5")), in.text());
      assertEquals(1, in.sum("tcp_open_total", with(inbound, "peer", "src")), in.text());
      assertTrue(
          in.sum("tcp_write_bytes_total", with(inbound, "peer", "src")) > 200 * 8192,
          "the stream's bytes went out on the mTLS connection");
      assertEquals(
          0,
          in.sum("request_total", Map.of("tls", "no_identity")),
          () -> "nothing reached the inbound proxy in plaintext:\n" + in.text());
    }
  }

  /** Sends {@code messages} on one bidirectional call and returns what came back. */
  private static List<String> bidi(ManagedChannel channel, List<String> messages) throws Exception {
    List<String> got = new ArrayList<>();
    CompletableFuture<List<String>> done = new CompletableFuture<>();
    StreamObserver<byte[]> requests =
        ClientCalls.asyncBidiStreamingCall(
            channel.newCall(EchoService.BIDI, options()),
            new StreamObserver<>() {
              @Override
              public void onNext(byte[] value) {
                got.add(EchoService.utf8(value));
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(got);
              }
            });
    for (String m : messages) {
      requests.onNext(EchoService.utf8(m));
    }
    requests.onCompleted();
    return done.get(20, TimeUnit.SECONDS);
  }

  private static Map<String, String> with(Map<String, String> base, String... more) {
    Map<String, String> m = new HashMap<>(base);
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  /** The proxy records a response just after relaying its end: the client may be a bit ahead. */
  private static PromText scrapeAfter(TestProxy proxy, int responses) throws Exception {
    PromText[] last = new PromText[1];
    Await.until(
        Duration.ofSeconds(10),
        () -> (last[0] = proxy.scrape()).sum("response_total") >= responses,
        () -> "response_total >= " + responses + " in\n" + last[0].text());
    return last[0];
  }
}
