package dev.weft.proxy.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.weft.proxy.TestProxy;
import dev.weft.testkit.Await;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gRPC client of another implementation (Python's grpcio, on its C core) through the proxy to a
 * grpc-java server. Skipped where no Python with grpcio is installed.
 */
class PythonGrpcClientTest {
  private static String python;

  @BeforeAll
  static void findPython() throws Exception {
    // Debian's python3-grpcio is installed for the system Python, which may not be first on PATH.
    for (String candidate : List.of("python3", "/usr/bin/python3")) {
      if (run(List.of(candidate, "-c", "import grpc"), 60).exit == 0) {
        python = candidate;
        break;
      }
    }
    Assumptions.assumeTrue(
        python != null, "no python3 with the grpc module (Debian: python3-grpcio)");
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (String v :
        List.of(
            "http_proxy",
            "https_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "all_proxy",
            "ALL_PROXY",
            "grpc_proxy")) {
      pb.environment().remove(v);
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(-1, e.toString()); // no such program
    }
    p.getOutputStream().close();
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> {
          try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return e.toString();
          }
        });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new Result(-2, "timed out after " + timeoutSeconds + " s:\n" + out.getNow(""));
    }
    try {
      return new Result(p.exitValue(), out.get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      return new Result(p.exitValue(), e.toString());
    }
  }

  private static Path script() throws URISyntaxException {
    var url = PythonGrpcClientTest.class.getResource("grpc_client.py");
    assertNotNull(url, "grpc_client.py test resource");
    return Path.of(url.toURI());
  }

  private static String scrape(TestProxy proxy) {
    try {
      return proxy.scrape().text();
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void pythonClientCallsThroughTheProxy() throws Exception {
    try (GrpcUpstream upstream = GrpcUpstream.start(new EchoService().definition());
        TestProxy proxy = TestProxy.start(upstream.address())) {
      Result r = run(List.of(python, script().toString(), "127.0.0.1:" + proxy.port()), 90);
      assertEquals(0, r.exit(), r.output());

      List<byte[]> stream = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        stream.add(Payloads.message(i, 1000));
      }
      String expected =
          String.join(
              "\n",
              "unary "
                  + HexFormat.of()
                      .formatHex("hello from python \u0000\u0001".getBytes(StandardCharsets.UTF_8))
                  + "feff",
              "echo-tag py-1",
              "trailer-tag py-1",
              "stream 50 " + Payloads.sha256Hex(stream.toArray(byte[][]::new)),
              "fail NOT_FOUND no widget py");
      assertEquals(expected, r.output().strip(), r.output());
      // The unary and the stream succeeded in the proxy's eyes too; the failed call was the
      // server's.
      Await.until(
          Duration.ofSeconds(10),
          () ->
              proxy.scrape().sum("response_total", Map.of("grpc_status", "0")) == 2
                  && proxy.scrape().sum("response_total", Map.of("grpc_status", "5")) == 1,
          () -> "response_total by grpc_status in\n" + scrape(proxy));
    }
  }
}
