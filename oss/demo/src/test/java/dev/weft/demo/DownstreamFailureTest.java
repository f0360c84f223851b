package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.demo.authors.AuthorsService;
import dev.weft.demo.books.BooksService;
import dev.weft.demo.web.WebService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A failing or silent callee becomes a clear 502 answer, within the caller's timeout. */
class DownstreamFailureTest {
  private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  @Test
  void authorsGoneMakesBooksAndWebAnswer502() throws Exception {
    AuthorsService authors = DemoApp.authors();
    BooksService books = keep(DemoApp.books(authors.port(), Duration.ofSeconds(5)));
    WebService web = keep(DemoApp.web(books.port(), Duration.ofSeconds(10)));
    assertEquals(200, DemoApp.get(web.port(), "/books").statusCode());

    authors.close();

    HttpResponse<String> fromBooks = DemoApp.get(books.port(), "/books");
    assertEquals(502, fromBooks.statusCode());
    assertTrue(
        fromBooks.body().startsWith("books: authors answered UNAVAILABLE"), fromBooks.body());
    HttpResponse<String> fromWeb = DemoApp.get(web.port(), "/books");
    assertEquals(502, fromWeb.statusCode());
    assertTrue(
        fromWeb.body().startsWith("web: books answered 502: books: authors answered UNAVAILABLE"),
        fromWeb.body());
  }

  @Test
  void silentAuthorsIsADeadlineNotAHang() throws Exception {
    ServerSocket silent = keep(silentListener());
    BooksService books = keep(DemoApp.books(silent.getLocalPort(), Duration.ofMillis(300)));

    HttpResponse<String> r = DemoApp.get(books.port(), "/books");

    assertEquals(502, r.statusCode());
    assertTrue(r.body().startsWith("books: authors answered DEADLINE_EXCEEDED"), r.body());
  }

  @Test
  void silentBooksIsATimeoutNotAHang() throws Exception {
    ServerSocket silent = keep(silentListener());
    WebService web = keep(DemoApp.web(silent.getLocalPort(), Duration.ofMillis(300)));

    HttpResponse<String> r = DemoApp.get(web.port(), "/");

    assertEquals(502, r.statusCode());
    assertEquals("web: books no answer within PT0.3S\n", r.body());
  }

  @Test
  void booksNotListeningIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    WebService web = keep(DemoApp.web(closedPort, Duration.ofSeconds(5)));

    HttpResponse<String> r = DemoApp.get(web.port(), "/books");

    assertEquals(502, r.statusCode());
    assertTrue(r.body().startsWith("web: books unreachable (ConnectException"), r.body());
  }

  /** Accepts connections and never answers, like a wedged process. */
  private static ServerSocket silentListener() throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    List<Socket> held = new CopyOnWriteArrayList<>();
    Thread.ofVirtual()
        .start(() -> {
          try {
            while (true) {
              held.add(server.accept());
            }
          } catch (IOException e) {
            // closed by the test
          }
        });
    return server;
  }
}
