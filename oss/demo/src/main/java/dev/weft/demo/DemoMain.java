package dev.weft.demo;

import dev.weft.demo.authors.AuthorsService;
import dev.weft.demo.books.BooksService;
import dev.weft.demo.books.Faults;
import dev.weft.demo.traffic.TrafficGenerator;
import dev.weft.demo.web.WebService;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code weft-demo SERVICE [flags]}: runs one service of the demo application, or its traffic
 * generator. {@code weft up} starts one process per service, each behind its own proxy.
 */
public final class DemoMain {
  static final String USAGE =
      """
      usage: weft-demo web|books|authors --port PORT [--proxy HOST:PORT] [--timeout DURATION] [--parent-pid PID]
             weft-demo books ... [--delay DURATION] [--fail-ratio SHARE] [--fail-status STATUS]
             weft-demo traffic --target HOST:PORT [--authority NAME] [--path PATH] [--rate PER_SECOND] [--parent-pid PID]

        web      HTTP/1.1: GET / and GET /books, assembled from books (needs --proxy)
        books    HTTP/1.1: GET /books, asking authors over gRPC for each author (needs --proxy)
        authors  gRPC: weft.demo.v1.Authors/GetAuthor
        traffic  sends GET PATH (default /books) to --target at a steady rate (default 10/s)

        --proxy       where calls to other services go: the service's own proxy (outbound port),
                      or the callee itself when there is no mesh; the callee is named by authority
        --parent-pid  exit when this process is gone (weft up passes its own pid)
        --delay       books: answer every request this much later (a slow replica), e.g. 80ms
        --fail-ratio  books: answer this share of requests with --fail-status (default 503) at
                      once (a failing replica), e.g. 0.3

        books also takes, from 127.0.0.1 only, on its own --port:
          POST /_demo/faults?delay=200ms   slow from now on (?delay=0: fast again)
          GET  /_demo/faults               what it does now
      """;

  private DemoMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    // The demo names the callee in the Host header; the JDK's client refuses to set it otherwise.
    // Set before any HttpClient class loads.
    System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    List<String> argv = Arrays.asList(args);
    if (argv.isEmpty() || argv.contains("--help") || argv.contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    DemoArgs flags;
    try {
      flags = DemoArgs.parse(argv.subList(1, argv.size()));
      run(argv.get(0), flags);
    } catch (IllegalArgumentException e) {
      System.err.println("weft-demo: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    }
  }

  private static void run(String service, DemoArgs flags) throws IOException, InterruptedException {
    flags.parentPid().ifPresent(ParentWatchdog::watch);
    switch (service) {
      case "web" -> {
        WebService web =
            WebService.start(
                flags.port(), flags.proxy(), flags.timeout().orElse(Duration.ofSeconds(5)));
        Runtime.getRuntime().addShutdownHook(new Thread(web::close, "web-stop"));
        System.out.println("web: listening on 127.0.0.1:" + web.port());
      }
      case "books" -> {
        Faults faults =
            new Faults(
                flags.delay().orElse(Duration.ZERO),
                flags.failRatio().orElse(0.0),
                flags.failStatus().orElse(503));
        BooksService books =
            BooksService.start(
                flags.port(), flags.proxy(), flags.timeout().orElse(Duration.ofSeconds(2)), faults);
        Runtime.getRuntime().addShutdownHook(new Thread(books::close, "books-stop"));
        System.out.println(
            "books: listening on 127.0.0.1:" + books.port() + " (faults: " + faults + ")");
      }
      case "authors" -> {
        AuthorsService authors = AuthorsService.start(flags.port());
        Runtime.getRuntime().addShutdownHook(new Thread(authors::close, "authors-stop"));
        System.out.println("authors: listening on 127.0.0.1:" + authors.port());
        authors.awaitTermination();
      }
      case "traffic" -> {
        TrafficGenerator traffic =
            TrafficGenerator.start(
                flags.target(),
                flags.authority().orElse("web"),
                flags.path().orElse("/books"),
                flags.rate().orElse(10.0),
                flags.timeout().orElse(Duration.ofSeconds(10)),
                System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(traffic::close, "traffic-stop"));
        System.out.println(
            "traffic: sending " + traffic.rate() + " requests/s to " + flags.target());
      }
      default ->
          throw new IllegalArgumentException(
              "unknown service '" + service + "' (expected: web, books, authors or traffic)");
    }
  }
}
