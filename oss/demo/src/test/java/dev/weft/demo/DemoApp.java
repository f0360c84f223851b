package dev.weft.demo;

import dev.weft.demo.authors.AuthorsService;
import dev.weft.demo.books.BooksService;
import dev.weft.demo.web.WebService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Test fixtures: the demo's services on 127.0.0.1 without a mesh, and a plain client. */
public final class DemoApp {
  private DemoApp() {}

  public static InetSocketAddress local(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  public static AuthorsService authors() throws IOException {
    return AuthorsService.start(0);
  }

  /** books calling authors at {@code authorsPort} directly (its "proxy" is the callee). */
  public static BooksService books(int authorsPort, Duration timeout) throws IOException {
    return BooksService.start(0, local(authorsPort), timeout);
  }

  public static WebService web(int booksPort, Duration timeout) throws IOException {
    return WebService.start(0, local(booksPort), timeout);
  }

  /** GET with a bound, so that a test of "never hangs" fails instead of hanging. */
  public static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(20))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
