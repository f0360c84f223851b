package dev.weft.demo.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.demo.http.HttpReply;
import dev.weft.demo.http.MeshHttpClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The demo's front: {@code GET /} (a text page) and {@code GET /books} (JSON), both assembled from
 * what {@code books} answers over HTTP/1.1. When books fails, the answer is a 502 naming why.
 */
public final class WebService implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final MeshHttpClient books;

  private WebService(HttpServer server, ExecutorService executor, MeshHttpClient books) {
    this.server = server;
    this.executor = executor;
    this.books = books;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port); calls go to {@code proxy}. */
  public static WebService start(int port, InetSocketAddress proxy, Duration timeout)
      throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    WebService web = new WebService(server, executor, new MeshHttpClient(proxy, timeout));
    server.setExecutor(executor);
    server.createContext("/", web::handle);
    server.start();
    return web;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())) {
        HttpReply.text(exchange, 405, "web: only GET is served\n");
        return;
      }
      switch (path) {
        case "/" -> page(exchange);
        case "/books" -> books(exchange);
        default -> HttpReply.text(exchange, 404, "web: no page " + path + " (try / or /books)\n");
      }
    }
  }

  private void books(HttpExchange exchange) throws IOException {
    MeshHttpClient.Answer answer = callBooks();
    if (!answer.ok()) {
      // On stderr too, which weft up keeps in the service's log: what failed, and when.
      System.err.println(java.time.Instant.now() + " web: books " + answer.problem());
      HttpReply.text(exchange, 502, "web: books " + answer.problem() + "\n");
      return;
    }
    HttpReply.json(exchange, 200, "{\"servedBy\":\"web\",\"books\":" + answer.body().strip() + "}");
  }

  private void page(HttpExchange exchange) throws IOException {
    MeshHttpClient.Answer answer = callBooks();
    if (!answer.ok()) {
      // On stderr too, which weft up keeps in the service's log: what failed, and when.
      System.err.println(java.time.Instant.now() + " web: books " + answer.problem());
      HttpReply.text(exchange, 502, "web: books " + answer.problem() + "\n");
      return;
    }
    HttpReply.text(
        exchange,
        200,
        "Weft demo: web -> books (HTTP/1.1) -> authors (gRPC), each behind its own proxy.\n\n"
            + "Books, as books answered:\n"
            + answer.body().strip()
            + "\n");
  }

  private MeshHttpClient.Answer callBooks() throws IOException {
    try {
      return books.get("books", "/books");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling books", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
