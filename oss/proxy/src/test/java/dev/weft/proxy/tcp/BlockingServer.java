package dev.weft.proxy.tcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain-socket upstream on 127.0.0.1, a thread per connection, so that tests see exactly what
 * crossed the wire, independent of Netty.
 */
final class BlockingServer implements AutoCloseable {
  /** Serves one accepted connection; the socket is closed when it returns. */
  @FunctionalInterface
  interface Handler {
    void handle(Socket socket) throws Exception;
  }

  private final ServerSocket server;
  private final Handler handler;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  private BlockingServer(Handler handler) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.handler = handler;
    this.acceptor = Thread.ofPlatform().daemon().name("upstream-accept").start(this::acceptLoop);
  }

  static BlockingServer start(Handler handler) throws IOException {
    return new BlockingServer(handler);
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  int accepted() {
    return accepted.get();
  }

  /** Failures of the handler, other than those caused by {@link #close}. */
  List<Throwable> errors() {
    return new ArrayList<>(errors);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      accepted.incrementAndGet();
      sockets.add(s);
      threads.add(
          Thread.ofPlatform()
              .daemon()
              .name("upstream-conn")
              .start(() -> {
                try (s) {
                  handler.handle(s);
                } catch (Throwable t) {
                  if (!server.isClosed()) {
                    errors.add(t);
                  }
                }
              }));
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    try {
      acceptor.join(5_000);
      for (Thread t : threads) {
        t.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while stopping the server");
    }
  }
}
