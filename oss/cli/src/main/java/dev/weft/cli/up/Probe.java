package dev.weft.cli.up;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One readiness check of one process: asked again and again until it holds. */
interface Probe {
  /** Whether the process is ready now; never throws, never blocks for long. */
  boolean ready();

  /** What is checked, for a message when it never holds. */
  String describe();

  static Probe http200(HttpClient client, URI url) {
    return new Probe() {
      @Override
      public boolean ready() {
        HttpRequest request =
            HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
        try {
          return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }

      @Override
      public String describe() {
        return "GET " + url + " answering 200";
      }
    };
  }

  static Probe tcp(int port) {
    return new Probe() {
      @Override
      public boolean ready() {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
          return true;
        } catch (IOException e) {
          return false;
        }
      }

      @Override
      public String describe() {
        return "a listener on 127.0.0.1:" + port;
      }
    };
  }
}
