package dev.weft.proxy.mesh;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;

/**
 * A TCP application on 127.0.0.1 with a binary protocol that no proxy can mistake for HTTP: the
 * client sends {@link #HELLO}, the server answers {@link #WELCOME}; then the client sends any bytes
 * and ends its output, and only then does the server answer their count and CRC-32 and close. A
 * client therefore gets its summary only if its half-close crossed every hop while the other
 * direction stayed open.
 */
public final class GreetingApp implements AutoCloseable {
  public static final byte[] HELLO = {0x00, (byte) 0xfe, 'W', 'T', 0x01};
  public static final byte[] WELCOME = {0x00, (byte) 0xfe, 'O', 'K', 0x01};

  /** What went wrong in a connection, if anything (a test fails on any). */
  public final List<Throwable> errors = new CopyOnWriteArrayList<>();

  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  public GreetingApp() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", server.getLocalPort());
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(30_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] hello = new byte[HELLO.length];
      in.readFully(hello);
      if (!Arrays.equals(hello, HELLO)) {
        throw new IOException("bad greeting " + Arrays.toString(hello));
      }
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.write(WELCOME);
      out.flush();
      Summary summary = Summary.of(in);
      out.writeLong(summary.count());
      out.writeLong(summary.crc());
      out.flush();
    } catch (IOException e) {
      if (!server.isClosed()) {
        errors.add(e);
      }
    } finally {
      sockets.remove(s);
    }
  }

  /** The count and CRC-32 of a stream's bytes up to its end. */
  public record Summary(long count, long crc) {
    public static Summary of(InputStream in) throws IOException {
      CRC32 crc = new CRC32();
      long count = 0;
      byte[] buf = new byte[16 * 1024];
      for (int n; (n = in.read(buf)) >= 0; ) {
        crc.update(buf, 0, n);
        count += n;
      }
      return new Summary(count, crc.getValue());
    }

    public static Summary of(byte[] data) {
      CRC32 crc = new CRC32();
      crc.update(data);
      return new Summary(data.length, crc.getValue());
    }
  }

  /**
   * One conversation: greeting, then {@code size} bytes from a seeded random and the end of the
   * client's output, then the app's summary of them and the end of its output.
   */
  public static void converse(InetSocketAddress proxy, int seed, int size) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    try (Socket s = new Socket()) {
      s.connect(proxy, 10_000);
      s.setSoTimeout(20_000);
      s.getOutputStream().write(HELLO);
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] welcome = new byte[WELCOME.length];
      in.readFully(welcome);
      if (!Arrays.equals(WELCOME, welcome)) {
        throw new IOException("not welcomed: " + Arrays.toString(welcome));
      }
      s.getOutputStream().write(data);
      s.shutdownOutput();
      Summary expected = Summary.of(data);
      Summary got = new Summary(in.readLong(), in.readLong());
      if (!got.equals(expected)) {
        throw new IOException("the app saw " + got + " (expected: " + expected + ")");
      }
      if (in.read() != -1) {
        throw new IOException("more than the summary came back");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
