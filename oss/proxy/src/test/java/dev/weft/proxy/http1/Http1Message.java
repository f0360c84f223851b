package dev.weft.proxy.http1;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1 message as it crossed the wire: the start line, the header fields in order with their
 * names in lower case, the body bytes after de-chunking, and the trailer fields.
 */
record Http1Message(
    String startLine,
    List<Map.Entry<String, String>> headers,
    byte[] body,
    List<Map.Entry<String, String>> trailers) {

  /** The status code of a response. */
  int status() {
    return Integer.parseInt(startLine.split(" ", 3)[1]);
  }

  /** The request method of a request. */
  String method() {
    return startLine.split(" ", 3)[0];
  }

  /** The request target of a request. */
  String target() {
    return startLine.split(" ", 3)[1];
  }

  /** The first value of a header field, or {@code null}. */
  String header(String name) {
    return first(headers, name);
  }

  /** Every value of a header field. */
  List<String> headerValues(String name) {
    return headers.stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .toList();
  }

  String trailer(String name) {
    return first(trailers, name);
  }

  String bodyText() {
    return new String(body, StandardCharsets.ISO_8859_1);
  }

  private static String first(List<Map.Entry<String, String>> fields, String name) {
    return fields.stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
