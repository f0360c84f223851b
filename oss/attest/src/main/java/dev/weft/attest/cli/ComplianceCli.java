package dev.weft.attest.cli;

import dev.weft.spi.cli.CliContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code weft compliance}: {@code verify} (free, here) and whatever subcommands a distribution adds
 * ({@code keygen}, {@code attest} in the enterprise one). Both the open-source {@code weft} and the
 * enterprise plugin run the command line built here, so {@code verify} behaves the same in both.
 */
@Command(
    name = "compliance",
    mixinStandardHelpOptions = true,
    description = "Signed attestations: verify them offline (no license, no network).")
public final class ComplianceCli implements Runnable {
  @Spec CommandSpec spec;

  private ComplianceCli() {}

  /**
   * Runs {@code weft compliance ARGS}.
   *
   * @param extraSubcommands picocli command objects added after {@code verify}
   * @return the exit code ({@link Exits})
   */
  public static int run(List<String> args, CliContext context, List<Object> extraSubcommands) {
    PrintWriter out = new PrintWriter(context.out(), true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(context.err(), true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(new ComplianceCli());
    // Usage lines and messages name the command as typed: "weft compliance verify".
    cl.setCommandName("weft compliance");
    cl.addSubcommand(new VerifyCommand());
    for (Object sub : extraSubcommands) {
      cl.addSubcommand(sub);
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println(
          "weft: "
              + ex.getMessage()
              + ": see '"
              + ex.getCommandLine().getCommandSpec().qualifiedName()
              + " --help'");
      return Exits.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof CommandFailure f) {
        err.println("weft: " + f.line());
        return f.exitCode();
      }
      throw ex;
    });
    int code = cl.execute(args.toArray(String[]::new));
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "a command is required: "
            + String.join(", ", spec.commandLine().getSubcommands().keySet()));
  }
}
