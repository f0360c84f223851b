package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.demo.authors.AuthorsService;
import dev.weft.demo.books.BooksService;
import dev.weft.demo.web.WebService;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** web -> books (HTTP/1.1) -> authors (gRPC), all on 127.0.0.1, without proxies. */
class CallGraphTest {
  private static AuthorsService authors;
  private static BooksService books;
  private static WebService web;

  @BeforeAll
  static void start() throws Exception {
    authors = DemoApp.authors();
    books = DemoApp.books(authors.port(), Duration.ofSeconds(5));
    web = DemoApp.web(books.port(), Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    web.close();
    books.close();
    authors.close();
  }

  @Test
  void booksNamesEveryAuthorItAskedOverGrpc() throws Exception {
    HttpResponse<String> r = DemoApp.get(books.port(), "/books");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(
        r.body().contains("{\"title\":\"Kindred\",\"year\":1979,\"author\":\"Octavia E. Butler\"}"),
        r.body());
    assertTrue(r.body().contains("\"author\":\"Stanisław Lem\""), r.body());
  }

  @Test
  void webAssemblesItsJsonFromBooks() throws Exception {
    HttpResponse<String> r = DemoApp.get(web.port(), "/books");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().startsWith("{\"servedBy\":\"web\",\"books\":[{\"title\":"), r.body());
    assertTrue(r.body().contains("\"author\":\"Ursula K. Le Guin\""), r.body());
  }

  @Test
  void webFrontPageListsTheBooks() throws Exception {
    HttpResponse<String> r = DemoApp.get(web.port(), "/");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().startsWith("Weft demo: web -> books"), r.body());
    assertTrue(r.body().contains("The Dispossessed"), r.body());
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    assertEquals(404, DemoApp.get(web.port(), "/nope").statusCode());
    assertEquals(404, DemoApp.get(books.port(), "/").statusCode());
  }
}
