package dev.weft.proxy.http1;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A client connection that writes exactly the bytes a test gives it and parses what comes back. */
final class RawClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawClient connect(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    s.connect(address, 5_000);
    // A proxy that never answers fails the test instead of hanging it.
    s.setSoTimeout(15_000);
    s.setTcpNoDelay(true);
    return new RawClient(s);
  }

  RawClient send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  Http1Message response() throws IOException {
    return Http1Wire.readResponse(in, false);
  }

  /** The response to a HEAD request: headers only. */
  Http1Message headResponse() throws IOException {
    return Http1Wire.readResponse(in, true);
  }

  /** Whether the peer closed the connection: the next read sees end of stream (or a reset). */
  boolean closedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return e.getMessage() != null && e.getMessage().contains("reset");
    }
  }

  InputStream in() {
    return in;
  }

  OutputStream out() {
    return out;
  }

  Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
