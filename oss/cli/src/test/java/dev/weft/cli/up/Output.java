package dev.weft.cli.up;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A PrintStream whose text tests can read while another thread writes it. */
final class Output {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  String text() {
    synchronized (stream) {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
