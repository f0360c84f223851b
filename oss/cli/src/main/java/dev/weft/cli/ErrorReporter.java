package dev.weft.cli;

import dev.weft.cli.kube.Kube;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place an error becomes a line on stderr and an exit code, for every command: usage errors
 * (exit 2), {@link CliException}s (their code), an unreachable Kubernetes API (3), anything else
 * (1). Each is one line, {@code weft: <what happened>: <what to do>}; a stack trace would bury the
 * message.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
  /** Installs the handlers on a command line and all its subcommands. */
  static CommandLine install(CommandLine cli) {
    ErrorReporter reporter = new ErrorReporter();
    cli.setExecutionExceptionHandler(reporter);
    cli.setParameterExceptionHandler(reporter);
    return cli;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String message = e.getMessage() == null ? "invalid arguments" : e.getMessage();
    print(cli.getErr(), message + ": see '" + cli.getCommandSpec().qualifiedName() + " --help'");
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    if (e instanceof CliException c) {
      print(cli.getErr(), c.line());
      return c.exitCode();
    }
    CliException unreachable = Kube.unreachable(e);
    if (unreachable != null) {
      print(cli.getErr(), unreachable.line());
      return unreachable.exitCode();
    }
    String what = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    print(
        cli.getErr(),
        what.replace('\n', ' ')
            + ": unexpected error in '"
            + cli.getCommandSpec().qualifiedName()
            + "'; rerun with WEFT_DEBUG=1 for details");
    if ("1".equals(System.getenv("WEFT_DEBUG"))) {
      e.printStackTrace(cli.getErr());
    }
    return ExitCodes.FAILED;
  }

  private static void print(PrintWriter err, String line) {
    err.println("weft: " + line);
    err.flush();
  }
}
