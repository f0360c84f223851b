package dev.weft.demo.books;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.demo.DemoApp;
import dev.weft.demo.authors.AuthorsService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /_demo/faults?delay=...} over a real socket: a running replica turns slow and fast
 * again, keeping its other faults. (That a non-loopback peer is refused cannot be shown here: the
 * replica listens on 127.0.0.1 only.)
 */
class FaultSwitchTest {
  private AuthorsService authors;
  private BooksService books;

  @BeforeEach
  void start() throws Exception {
    authors = DemoApp.authors();
    books =
        BooksService.start(
            0,
            DemoApp.local(authors.port()),
            Duration.ofSeconds(5),
            new Faults(Duration.ZERO, 0.5, 429),
            () -> 0.9);
  }

  @AfterEach
  void stop() {
    books.close();
    authors.close();
  }

  @Test
  void aDelaySetAtRunTimeHoldsAnswersBackUntilItIsReset() throws Exception {
    HttpResponse<String> set = post("/_demo/faults?delay=400ms");
    assertEquals(200, set.statusCode(), set.body());
    assertEquals("books: faults: delay 400 ms, 0.5 of requests answered 429\n", set.body());
    assertEquals(set.body(), DemoApp.get(books.port(), "/_demo/faults").body());

    // Lower bounds only: the delay must be there, not how long the rest took.
    assertTrue(millisOfOneRequest() >= 400);

    HttpResponse<String> reset = post("/_demo/faults?delay=0");
    assertEquals(200, reset.statusCode(), reset.body());
    assertEquals("books: faults: delay 0 ms, 0.5 of requests answered 429\n", reset.body());
    assertEquals(Duration.ZERO, FaultSwitch.delay("delay=0"));
  }

  @Test
  void badDelaysAndOtherParametersAreRefusedNamingThem() throws Exception {
    HttpResponse<String> bad = post("/_demo/faults?delay=fast");
    assertEquals(400, bad.statusCode());
    assertEquals(
        "books: delay='fast': invalid (expected: 0, or a duration up to 60s such as 200ms or 2s)\n",
        bad.body());
    assertEquals(400, post("/_demo/faults?delay=61s").statusCode());
    assertEquals(400, post("/_demo/faults?delay=-5ms").statusCode());
    HttpResponse<String> unknown = post("/_demo/faults?fail-ratio=1");
    assertEquals(400, unknown.statusCode());
    assertEquals("books: unknown parameter 'fail-ratio' (expected: delay)\n", unknown.body());
    assertEquals(
        "no delay (expected: ?delay=200ms, or ?delay=0)",
        assertThrows(IllegalArgumentException.class, () -> FaultSwitch.delay(null)).getMessage());
    // Nothing changed on the way.
    assertEquals(
        "books: faults: delay 0 ms, 0.5 of requests answered 429\n",
        DemoApp.get(books.port(), "/_demo/faults").body());
  }

  private long millisOfOneRequest() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = DemoApp.get(books.port(), "/books");
    assertEquals(200, r.statusCode(), r.body());
    return (System.nanoTime() - start) / 1_000_000;
  }

  private HttpResponse<String> post(String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + books.port() + path))
              .POST(HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(20))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
