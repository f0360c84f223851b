package dev.weft.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A minimal keep-alive HTTP/1.1 upstream: answers every GET with 200 and the path as the body,
 * except {@code /held}, whose response waits until the test calls {@link #release}.
 */
final class HeldResponseServer implements AutoCloseable {
  static final String HELD = "/held";

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final CountDownLatch heldArrived = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  HeldResponseServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("held-upstream").start(this::acceptLoop);
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  /** Waits until a request for {@link #HELD} has reached this server. */
  boolean awaitHeld(long seconds) throws InterruptedException {
    return heldArrived.await(seconds, TimeUnit.SECONDS);
  }

  void release() {
    released.countDown();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread.ofPlatform().daemon().name("held-upstream-conn").start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      for (String head; (head = readHead(in)) != null; ) {
        String path = head.split(" ", 3)[1];
        if (path.equals(HELD)) {
          heldArrived.countDown();
          if (!released.await(60, TimeUnit.SECONDS)) {
            return;
          }
        }
        byte[] body = ("path " + path + "\n").getBytes(StandardCharsets.US_ASCII);
        out.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // The proxy went away; nothing to answer.
    }
  }

  /** Reads a request head (bodiless requests only); null at EOF. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; (b = in.read()) != -1; ) {
      head.write(b);
      matched =
          (b == '\r' && (matched == 0 || matched == 2))
                  || (b == '\n' && (matched == 1 || matched == 3))
              ? matched + 1
              : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    released.countDown();
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
