package dev.weft.proxy.http1;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream server on 127.0.0.1 that hands each accepted connection to a test's handler, on its
 * own thread, with byte-level control. It counts accepted connections and records the requests
 * handlers {@linkplain Conn#record record}.
 */
final class RawUpstream implements AutoCloseable {
  /** Serves one connection; {@code index} counts connections from 0 in accept order. */
  @FunctionalInterface
  interface Handler {
    void serve(Conn conn, int index) throws Exception;
  }

  /** One accepted connection. */
  record Conn(
      Socket socket, InputStream in, OutputStream out, BlockingQueue<Http1Message> requests) {
    void send(String text) throws IOException {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      out.flush();
    }

    /** Records a request for the test to {@linkplain #takeRequest take}. */
    void record(Http1Message request) {
      requests.add(request);
    }
  }

  /**
   * Answers one request per {@code answer} call, for as long as the client keeps the connection.
   */
  @FunctionalInterface
  interface Answer {
    String answer(Http1Message request, int index) throws Exception;
  }

  private final ServerSocket server;
  private final Handler handler;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Http1Message> requests = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  private RawUpstream(Handler handler) throws IOException {
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    this.handler = handler;
    Thread.ofVirtual().name("raw-upstream-accept").start(this::acceptLoop);
  }

  static RawUpstream start(Handler handler) throws IOException {
    return new RawUpstream(handler);
  }

  /**
   * A keep-alive server: reads requests in turn, records them, and writes what {@code answer}
   * returns.
   */
  static RawUpstream serving(Answer answer) throws IOException {
    return start((conn, index) -> {
      for (Http1Message req; (req = Http1Wire.readRequest(conn.in())) != null; ) {
        conn.record(req);
        conn.send(answer.answer(req, index));
      }
    });
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      int index = accepted.getAndIncrement();
      sockets.add(s);
      Thread.ofVirtual()
          .name("raw-upstream-" + index)
          .start(() -> {
            try (s) {
              handler.serve(
                  new Conn(
                      s,
                      new BufferedInputStream(s.getInputStream()),
                      s.getOutputStream(),
                      requests),
                  index);
            } catch (Throwable t) {
              if (!closed) {
                failures.add(t);
              }
            }
          });
    }
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  /** How many connections were accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** The next request a handler recorded, waiting for it within a bound. */
  Http1Message takeRequest() throws InterruptedException {
    Http1Message m = requests.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("the upstream recorded no request");
    }
    return m;
  }

  /** How many recorded requests were not taken yet. */
  int pendingRequests() {
    return requests.size();
  }

  /** What handlers threw, other than because the server closed. */
  List<Throwable> failures() {
    return failures;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
