package dev.weft.demo.books;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.demo.authors.v1.Author;
import dev.weft.demo.authors.v1.AuthorsGrpc;
import dev.weft.demo.authors.v1.GetAuthorRequest;
import dev.weft.demo.http.HttpReply;
import dev.weft.demo.http.Json;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * {@code GET /books}: the catalogue as JSON, with each author's name asked of {@code authors} over
 * gRPC. A failed or slow gRPC call becomes a 502 naming the gRPC status. {@link Faults} make a
 * replica slow or failing on purpose, from the start or at run time through {@link FaultSwitch}.
 */
public final class BooksService implements AutoCloseable {
  static final List<Book> CATALOGUE =
      List.of(
          new Book("The Left Hand of Darkness", 1969, "le-guin"),
          new Book("Kindred", 1979, "butler"),
          new Book("The Dispossessed", 1974, "le-guin"),
          new Book("Solaris", 1961, "lem"));

  private final HttpServer server;
  private final ExecutorService executor;
  private final ManagedChannel channel;
  private final AuthorsGrpc.AuthorsBlockingStub authors;
  private final Duration timeout;
  private final FaultSwitch faultSwitch;
  private final DoubleSupplier random;

  private BooksService(
      HttpServer server,
      ExecutorService executor,
      ManagedChannel channel,
      Duration timeout,
      Faults faults,
      DoubleSupplier random) {
    this.server = server;
    this.executor = executor;
    this.channel = channel;
    this.authors = AuthorsGrpc.newBlockingStub(channel);
    this.timeout = timeout;
    this.faultSwitch = new FaultSwitch(faults);
    this.random = random;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port); gRPC calls go to {@code proxy}. */
  public static BooksService start(int port, InetSocketAddress proxy, Duration timeout)
      throws IOException {
    return start(port, proxy, timeout, Faults.NONE);
  }

  /** {@link #start(int, InetSocketAddress, Duration)}, misbehaving as {@code faults} say. */
  public static BooksService start(
      int port, InetSocketAddress proxy, Duration timeout, Faults faults) throws IOException {
    return start(port, proxy, timeout, faults, () -> ThreadLocalRandom.current().nextDouble());
  }

  static BooksService start(
      int port, InetSocketAddress proxy, Duration timeout, Faults faults, DoubleSupplier random)
      throws IOException {
    // The proxy routes by authority, so the channel names the callee, not the address it dials.
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(proxy.getHostString(), proxy.getPort())
            .usePlaintext()
            .overrideAuthority("authors")
            .build();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    BooksService books = new BooksService(server, executor, channel, timeout, faults, random);
    server.setExecutor(executor);
    server.createContext("/", books::handle);
    server.start();
    return books;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (FaultSwitch.PATH.equals(path)) {
        faultSwitch.handle(exchange);
        return;
      }
      // Read once: a switch in the middle of a request must not mix two settings.
      Faults faults = faultSwitch.current();
      if (!"GET".equals(exchange.getRequestMethod()) || !"/books".equals(path)) {
        HttpReply.text(
            exchange, 404, "books: only GET /books (and " + FaultSwitch.PATH + ") is served\n");
        return;
      }
      if (faults.fails(random.getAsDouble())) {
        HttpReply.text(exchange, faults.failStatus(), "books: failing on purpose (--fail-ratio)\n");
        return;
      }
      if (!faults.delay().isZero()) {
        try {
          // The slowness itself is what this replica is for.
          Thread.sleep(faults.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      StringJoiner list = new StringJoiner(",", "[", "]");
      for (Book book : CATALOGUE) {
        Author author;
        try {
          author =
              authors
                  .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                  .getAuthor(GetAuthorRequest.newBuilder().setId(book.authorId()).build());
        } catch (StatusRuntimeException e) {
          System.err.println(java.time.Instant.now() + " books: authors answered " + e.getStatus());
          HttpReply.text(
              exchange,
              502,
              "books: authors answered "
                  + e.getStatus().getCode()
                  + (e.getStatus().getDescription() == null
                      ? ""
                      : ": " + e.getStatus().getDescription())
                  + "\n");
          return;
        }
        list.add(
            "{\"title\":"
                + Json.quote(book.title())
                + ",\"year\":"
                + book.year()
                + ",\"author\":"
                + Json.quote(author.getName())
                + "}");
      }
      HttpReply.json(exchange, 200, list.toString());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    channel.shutdownNow();
  }
}
