package dev.weft.kubernetes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * HTTP/1.1 requests sent to a proxy's outbound port for one authority, as an application would send
 * them to a Kubernetes service name. Requests run several at a time: the balancer weighs requests
 * in flight, so concurrent traffic reaches every endpoint rather than only the fastest one so far.
 */
final class Traffic {
  private static final int CONCURRENCY = 8;

  private final int proxyPort;
  private final String authority;

  Traffic(int proxyPort, String authority) {
    this.proxyPort = proxyPort;
    this.authority = authority;
  }

  /**
   * Sends {@code n} requests and counts who answered: a replica's name for a 200, else {@code "HTTP
   * <status> <weft-proxy-error>"} or the exception.
   */
  Map<String, Integer> send(int n) throws Exception {
    Semaphore slots = new Semaphore(CONCURRENCY);
    List<Future<String>> answers = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        slots.acquire();
        answers.add(
            executor.submit(() -> {
              try {
                return get();
              } finally {
                slots.release();
              }
            }));
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (Future<String> answer : answers) {
      counts.merge(answer.get(), 1, Integer::sum);
    }
    return counts;
  }

  private String get() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", proxyPort), 5_000);
      socket.setSoTimeout(15_000);
      String request = "GET / HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String response =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int headersEnd = response.indexOf("\r\n\r\n");
      if (!response.startsWith("HTTP/1.1 ") || headersEnd < 0) {
        return "malformed response: " + response;
      }
      int status = Integer.parseInt(response.substring(9, 12));
      if (status == 200) {
        return response.substring(headersEnd + 4);
      }
      String error =
          response
              .substring(0, headersEnd)
              .lines()
              .filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("weft-proxy-error:"))
              .findFirst()
              .orElse("");
      return "HTTP " + status + " " + error;
    } catch (IOException e) {
      return e.toString();
    }
  }
}
