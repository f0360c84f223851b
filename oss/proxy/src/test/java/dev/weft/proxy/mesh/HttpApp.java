package dev.weft.proxy.mesh;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An HTTP/1.1 application on 127.0.0.1: answers every request with its method, path and body
 * length, and records the request headers it received.
 */
public final class HttpApp implements AutoCloseable {
  /** What the application saw of one request. */
  public record Seen(
      String method, String path, Map<String, List<String>> headers, int bodyBytes) {}

  public final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final HttpServer server;

  public HttpApp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body.length));
          byte[] out =
              (exchange.getRequestMethod()
                      + " "
                      + exchange.getRequestURI().getPath()
                      + " "
                      + body.length)
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("x-app", "yes");
          exchange.sendResponseHeaders(200, out.length);
          exchange.getResponseBody().write(out);
          exchange.close();
        });
    server.start();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
