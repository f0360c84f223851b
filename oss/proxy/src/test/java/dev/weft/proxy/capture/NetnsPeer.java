package dev.weft.proxy.capture;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The programs a transparent-capture test runs inside a network namespace ({@code ip netns exec NS
 * java -cp test-classes ...}): JDK only, so that they start from the test classes alone.
 *
 * <ul>
 *   <li>{@code http HOST PORT NAME}: answers every request {@code NAME from <client address>};
 *   <li>{@code echo HOST PORT}: a TCP echo;
 *   <li>{@code get URL}: prints the response body, exits 1 on a failure or a status other than 200;
 *   <li>{@code tcp HOST PORT TEXT}: sends TEXT, closes its side, prints what comes back.
 * </ul>
 *
 * Servers print {@code ready} once bound and run until killed.
 */
public final class NetnsPeer {
  private NetnsPeer() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "http" -> http(new InetSocketAddress(args[1], Integer.parseInt(args[2])), args[3]);
      case "echo" -> echo(new InetSocketAddress(args[1], Integer.parseInt(args[2])));
      case "get" -> get(args[1]);
      case "tcp" -> tcp(new InetSocketAddress(args[1], Integer.parseInt(args[2])), args[3]);
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void http(InetSocketAddress bind, String name) throws Exception {
    HttpServer server = HttpServer.create(bind, 64);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              (name + " from " + exchange.getRemoteAddress().getAddress().getHostAddress())
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("ready");
  }

  private static void echo(InetSocketAddress bind) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(bind);
      System.out.println("ready");
      while (true) {
        Socket s = server.accept();
        Thread.ofVirtual()
            .start(() -> {
              try (s) {
                s.getInputStream().transferTo(s.getOutputStream());
              } catch (Exception e) {
                // the client left; nothing to echo
              }
            });
      }
    }
  }

  private static void get(String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    System.out.print(r.body());
    System.exit(r.statusCode() == 200 ? 0 : 1);
  }

  private static void tcp(InetSocketAddress target, String text) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(target, 5000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      System.out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
