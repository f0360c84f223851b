package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every failure becomes one line and the contract's exit code, whatever the command threw. */
class ErrorReporterTest {
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Option(names = "--what")
    String what = "bug";

    @Override
    public Integer call() {
      throw switch (what) {
        case "cli" -> new CliException(ExitCodes.BAD_INPUT, "x.yaml: line 3: bad", "fix it");
        case "unreachable" ->
            new KubernetesClientException(
                "Operation: [get]", new ConnectException("Connection refused"));
        case "forbidden" -> new KubernetesClientException("Forbidden", 403, null);
        default -> new IllegalStateException("it broke\nsecond line");
      };
    }
  }

  private static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ErrorReporter.install(new CommandLine(new Boom()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new CliRun(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void aCliExceptionKeepsItsCode() {
    CliRun r = run("--what", "cli");
    assertEquals(4, r.code());
    assertEquals("weft: x.yaml: line 3: bad: fix it\n", r.err());
  }

  @Test
  void anUnansweredKubernetesRequestIsExit3() {
    CliRun r = run("--what", "unreachable");
    assertEquals(3, r.code());
    assertEquals(
        "weft: cannot reach the Kubernetes API (Connection refused): check that the cluster is up"
            + " and --kubeconfig/--context select it\n",
        r.err());
  }

  @Test
  void anAnsweredKubernetesErrorAndABugAreExit1OnOneLine() {
    assertEquals(1, run("--what", "forbidden").code());
    CliRun r = run();
    assertEquals(1, r.code());
    assertEquals(
        "weft: it broke second line: unexpected error in 'boom'; rerun with WEFT_DEBUG=1 for"
            + " details\n",
        r.err());
  }

  @Test
  void aBadFlagIsExit2() {
    CliRun r = run("--nope");
    assertEquals(2, r.code());
    assertEquals("weft: Unknown option: '--nope': see 'boom --help'\n", r.err());
  }

  @Test
  void aMissingKubeconfigIsAUsageError() {
    CliRun r = CliRun.weft("check", "--kubeconfig", "/nonexistent/kubeconfig");
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "weft: --kubeconfig /nonexistent/kubeconfig: no such readable file: pass a readable"
            + " kubeconfig file\n",
        r.err());
  }
}
