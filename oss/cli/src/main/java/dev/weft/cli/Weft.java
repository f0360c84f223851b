package dev.weft.cli;

import dev.weft.cli.install.InstallCommand;
import dev.weft.cli.up.UpCommand;
import dev.weft.cli.version.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code weft}: the command line of the mesh. Each subcommand lives in a package of its own ({@code
 * dev.weft.cli.up}, ...) and is listed here, the one place commands are assembled.
 */
@Command(
    name = "weft",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description =
        "Weft, a service mesh: run the local mesh demo, and (later) install and inspect one.",
    subcommands = {
      UpCommand.class,
      InstallCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Weft implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The command line with every subcommand, as {@code main} runs it; tests run it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new Weft());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  @Override
  public void run() {
    // No subcommand: show what there is instead of doing something surprising.
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
