package dev.weft.demo.books;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.demo.DemoApp;
import dev.weft.demo.authors.AuthorsService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A books replica made slow or failing on purpose, as {@code weft up} runs two of them. */
class FaultsTest {
  private AuthorsService authors;
  private final List<BooksService> started = new ArrayList<>();

  @BeforeEach
  void startAuthors() throws Exception {
    authors = DemoApp.authors();
  }

  @AfterEach
  void stop() {
    started.forEach(BooksService::close);
    authors.close();
  }

  private BooksService books(Faults faults, DoubleSupplier random) throws Exception {
    BooksService books =
        BooksService.start(0, DemoApp.local(authors.port()), Duration.ofSeconds(5), faults, random);
    started.add(books);
    return books;
  }

  @Test
  void theFailRatioIsTheShareOfRequestsAnsweredTheFailStatus() throws Exception {
    // Draws 0.0, 0.1, ..., 0.9 in turn: a ratio of 0.3 fails exactly the first three of each ten.
    AtomicInteger next = new AtomicInteger();
    BooksService books =
        books(new Faults(Duration.ZERO, 0.3, 503), () -> (next.getAndIncrement() % 10) / 10.0);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      statuses.add(DemoApp.get(books.port(), "/books").statusCode());
    }
    assertEquals(List.of(503, 503, 503, 200, 200, 200, 200, 200, 200, 200), statuses);
  }

  @Test
  void aFailingRequestIsAnsweredBeforeAuthorsIsAsked() throws Exception {
    BooksService books = books(new Faults(Duration.ZERO, 1, 429), () -> 0.5);
    // authors is gone: a request that got as far as asking it would be a 502.
    authors.close();
    HttpResponse<String> r = DemoApp.get(books.port(), "/books");
    assertEquals(429, r.statusCode(), r.body());
    assertEquals("books: failing on purpose (--fail-ratio)\n", r.body());
  }

  @Test
  void noFaultsAnswersEveryRequest() throws Exception {
    BooksService books = books(Faults.NONE, () -> 0.0);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = DemoApp.get(books.port(), "/books");
      assertEquals(200, r.statusCode(), r.body());
    }
  }

  @Test
  void theDelayHoldsEveryAnswerBack() throws Exception {
    BooksService books = books(new Faults(Duration.ofMillis(300), 0, 503), () -> 0.0);
    long start = System.nanoTime();
    HttpResponse<String> r = DemoApp.get(books.port(), "/books");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, r.statusCode(), r.body());
    // A lower bound only: the delay must be there; how much longer it took is not the point.
    assertTrue(tookMs >= 300, "answered after " + tookMs + " ms");
  }

  @Test
  void badFaultsAreRefused() {
    assertEquals(
        "fail ratio 1.5 (expected: 0..1)",
        assertThrows(IllegalArgumentException.class, () -> new Faults(Duration.ZERO, 1.5, 503))
            .getMessage());
  }
}
