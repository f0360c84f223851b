package dev.weft.compliance.cli;

import dev.weft.spi.cli.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** The enterprise {@code weft compliance ARGS} run in-process at a given time and environment. */
record Compliance(int code, String out, String err) {
  static final Clock IN_TERM = Clock.fixed(Instant.parse("2027-01-15T00:00:00Z"), ZoneOffset.UTC);

  static Compliance run(Map<String, String> env, Clock clock, String... args) {
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
            return env;
          }

          @Override
          public InputStream in() {
            return InputStream.nullInputStream();
          }
        };
    int code = new ComplianceCommandProvider(clock).run(List.of(args), context);
    return new Compliance(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
