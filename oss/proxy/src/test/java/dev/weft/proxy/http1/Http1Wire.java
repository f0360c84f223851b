package dev.weft.proxy.http1;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes HTTP/1 at the byte level, with no leniency of its own, so that tests see exactly
 * what the proxy put on the wire.
 */
final class Http1Wire {
  private Http1Wire() {}

  /** A line without its CRLF; {@code null} at a clean end of stream before the first byte. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        if (line.isEmpty()) {
          return null;
        }
        throw new EOFException("stream ended inside a line: " + line);
      }
      line.append((char) b);
    }
    if (line.isEmpty() || line.charAt(line.length() - 1) != '\r') {
      throw new IOException("line not ended by CRLF: " + line);
    }
    return line.substring(0, line.length() - 1);
  }

  /** Header (or trailer) fields up to the empty line, names in lower case. */
  static List<Map.Entry<String, String>> readFields(InputStream in) throws IOException {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (String line; !(line = require(readLine(in))).isEmpty(); ) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("not a header field: " + line);
      }
      fields.add(
          Map.entry(
              line.substring(0, colon).toLowerCase(java.util.Locale.ROOT),
              line.substring(colon + 1).trim()));
    }
    return fields;
  }

  /** The start line and header fields of a message, with no body; {@code null} at end of stream. */
  static Http1Message readHead(InputStream in) throws IOException {
    String start = readLine(in);
    if (start == null) {
      return null;
    }
    return new Http1Message(start, readFields(in), new byte[0], List.of());
  }

  /**
   * One chunk's data; empty for the last chunk, whose trailer fields are then read by {@link
   * #readFields}.
   */
  static byte[] readChunk(InputStream in) throws IOException {
    String size = require(readLine(in));
    int semi = size.indexOf(';');
    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
    if (n == 0) {
      return new byte[0];
    }
    byte[] data = in.readNBytes(n);
    if (data.length != n || !require(readLine(in)).isEmpty()) {
      throw new IOException("chunk of " + n + " bytes not framed as announced");
    }
    return data;
  }

  /** A whole request with its body; {@code null} at end of stream. */
  static Http1Message readRequest(InputStream in) throws IOException {
    Http1Message head = readHead(in);
    return head == null ? null : withBody(head, in, false);
  }

  /**
   * A whole response with its body, framed as RFC 9112 section 6.3 says; {@code headRequest} tells
   * that the request was HEAD, whose response has no body whatever its headers say.
   */
  static Http1Message readResponse(InputStream in, boolean headRequest) throws IOException {
    Http1Message head = require(readHead(in));
    int status = head.status();
    if (headRequest || status / 100 == 1 || status == 204 || status == 304) {
      return head;
    }
    return withBody(head, in, true);
  }

  private static Http1Message withBody(Http1Message head, InputStream in, boolean untilClose)
      throws IOException {
    String te = head.header("transfer-encoding");
    String cl = head.header("content-length");
    if (te != null && te.equalsIgnoreCase("chunked")) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (byte[] c; (c = readChunk(in)).length > 0; ) {
        body.write(c);
      }
      return new Http1Message(head.startLine(), head.headers(), body.toByteArray(), readFields(in));
    }
    if (cl != null) {
      int n = Integer.parseInt(cl);
      byte[] body = in.readNBytes(n);
      if (body.length != n) {
        throw new EOFException("body ended after " + body.length + " of " + n + " bytes");
      }
      return new Http1Message(head.startLine(), head.headers(), body, List.of());
    }
    return new Http1Message(
        head.startLine(), head.headers(), untilClose ? in.readAllBytes() : new byte[0], List.of());
  }

  /**
   * A response with a {@code Content-Length} body; {@code headers} are whole lines without CRLF.
   */
  static String response(int status, String body, String... headers) {
    StringBuilder s = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
    for (String h : headers) {
      s.append(h).append("\r\n");
    }
    return s.append("Content-Length: ")
        .append(body.length())
        .append("\r\n\r\n")
        .append(body)
        .toString();
  }

  private static <T> T require(T value) throws EOFException {
    if (value == null) {
      throw new EOFException("stream ended where a message was expected");
    }
    return value;
  }
}
