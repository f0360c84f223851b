package dev.weft.cli;

import dev.weft.cli.check.CheckCommand;
import dev.weft.cli.completion.CompletionCommand;
import dev.weft.cli.inject.InjectCommand;
import dev.weft.cli.inject.UninjectCommand;
import dev.weft.cli.install.InstallCommand;
import dev.weft.cli.plugin.CliCommandRegistry;
import dev.weft.cli.plugin.PluginCommand;
import dev.weft.cli.up.UpCommand;
import dev.weft.cli.version.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code weft}: the command line of the mesh. Each subcommand lives in a package of its own ({@code
 * dev.weft.cli.up}, ...) and is listed here, the one place commands are assembled. Plugins on the
 * class path add theirs ({@link CliCommandRegistry}); they cannot replace a built-in one.
 */
@Command(
    name = "weft",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description =
        "Weft, a service mesh: run the local mesh demo, install a mesh on Kubernetes and check it.",
    subcommands = {
      UpCommand.class,
      InstallCommand.class,
      CheckCommand.class,
      InjectCommand.class,
      UninjectCommand.class,
      VersionCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Weft implements Runnable {
  private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The command line with every subcommand, as {@code main} runs it; tests run it in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Weft());
    PluginCommand.addAll(
        cli, CliCommandRegistry.load(Weft.class.getClassLoader(), cli.getSubcommands().keySet()));
    // Errors and exit codes are the same for every command: see ErrorReporter, docs/cli.md.
    return ErrorReporter.install(cli);
  }

  public static void main(String[] args) {
    // What is logged (a refused plugin) is one line on stderr like weft's own errors, not
    // java.util.logging's two lines with a timestamp.
    if (System.getProperty(LOG_FORMAT) == null) {
      System.setProperty(LOG_FORMAT, "weft: %4$s: %5$s%6$s%n");
    }
    System.exit(commandLine().execute(args));
  }

  @Override
  public void run() {
    // No subcommand: show what there is instead of doing something surprising.
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
