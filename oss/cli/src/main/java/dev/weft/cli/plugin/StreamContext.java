package dev.weft.cli.plugin;

import dev.weft.spi.cli.CliContext;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A plugin command's {@link CliContext}: the command line's own writers (which tests replace to
 * capture output), seen as UTF-8 streams, the process's environment and stdin.
 */
final class StreamContext implements CliContext {
  private final PrintStream out;
  private final PrintStream err;

  StreamContext(PrintWriter out, PrintWriter err) {
    this.out = new PrintStream(new WriterOutputStream(out), true, StandardCharsets.UTF_8);
    this.err = new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8);
  }

  @Override
  public PrintStream out() {
    return out;
  }

  @Override
  public PrintStream err() {
    return err;
  }

  @Override
  public Map<String, String> environment() {
    return System.getenv();
  }

  @Override
  public InputStream in() {
    return System.in;
  }

  void flush() {
    out.flush();
    err.flush();
  }
}
