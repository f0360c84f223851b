package dev.weft.compliance.check;

import dev.weft.spi.cli.CheckContext;
import dev.weft.spi.cli.CheckResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Runs the compliance group as {@code weft check -n NAMESPACE --kubeconfig FILE} would. */
final class Checks {
  static final Instant IN_TERM = Instant.parse("2027-01-15T00:00:00Z");

  private Checks() {}

  static List<CheckResult> run(
      Instant now, Path kubeconfig, String namespace, Map<String, String> env) {
    return new ComplianceCheckProvider(Clock.fixed(now, ZoneOffset.UTC))
        .run(new CheckContext(namespace, kubeconfig, null, env));
  }

  /** As weft check prints them: status, description, indented hint. */
  static String render(List<CheckResult> results) {
    StringBuilder s = new StringBuilder();
    for (CheckResult r : results) {
      s.append(r.status()).append(' ').append(r.description()).append('\n');
      if (r.hint() != null) {
        s.append("    ").append(r.hint()).append('\n');
      }
    }
    return s.toString();
  }
}
