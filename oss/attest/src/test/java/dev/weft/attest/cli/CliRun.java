package dev.weft.attest.cli;

import dev.weft.spi.cli.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code weft compliance ARGS} run in-process with its output captured. */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var o = new PrintStream(out, true, StandardCharsets.UTF_8);
    var e = new PrintStream(err, true, StandardCharsets.UTF_8);
    CliContext context =
        new CliContext() {
          @Override
          public PrintStream out() {
            return o;
          }

          @Override
          public PrintStream err() {
            return e;
          }

          @Override
          public Map<String, String> environment() {
            return Map.of();
          }

          @Override
          public InputStream in() {
            return InputStream.nullInputStream();
          }
        };
    int code = ComplianceCli.run(List.of(args), context, List.of());
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
