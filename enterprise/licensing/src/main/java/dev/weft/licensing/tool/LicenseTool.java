package dev.weft.licensing.tool;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code weft-license}: the vendor's tool to make signing keys, issue license keys and inspect
 * them. Never needed where Weft runs. Exit codes as the {@code weft} command's: 0 done, 1 failed, 2
 * a bad flag or a missing file, 4 an input that does not parse.
 */
@Command(
    name = "weft-license",
    mixinStandardHelpOptions = true,
    versionProvider = LicenseTool.Version.class,
    description = "Makes signing keys, issues Weft license keys and inspects them.",
    subcommands = {KeygenCommand.class, IssueCommand.class, InspectCommand.class})
public final class LicenseTool implements Runnable {
  @Spec CommandSpec spec;

  final Clock clock;

  LicenseTool(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, Clock.systemUTC()));
  }

  /** Runs the tool in-process; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
    PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
    PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(new LicenseTool(clock));
    cl.setOut(o);
    cl.setErr(e);
    cl.setParameterExceptionHandler((ex, a) -> {
      e.println(
          "weft-license: "
              + ex.getMessage()
              + " (see: "
              + ex.getCommandLine().getCommandSpec().qualifiedName()
              + " --help)");
      return ToolException.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, r) -> {
      if (ex instanceof ToolException t) {
        e.println("weft-license: " + t.getMessage());
        return t.exitCode();
      }
      throw ex;
    });
    int code = cl.execute(args);
    o.flush();
    e.flush();
    return code;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a command is required: keygen, issue or inspect");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = LicenseTool.class.getPackage().getImplementationVersion();
      return new String[] {"weft-license " + (v == null ? "(development build)" : v)};
    }
  }
}
