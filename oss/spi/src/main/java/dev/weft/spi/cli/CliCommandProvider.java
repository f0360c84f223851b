package dev.weft.spi.cli;

import dev.weft.spi.Plugin;
import java.util.List;

/**
 * A subcommand of the {@code weft} command line contributed by a plugin: {@code weft NAME ...}.
 *
 * <p>Found with {@link java.util.ServiceLoader} by the {@code weft} CLI. Each available provider
 * becomes a subcommand named {@link #name()}; an unavailable one is listed with its {@link
 * #availability() reason} and answers exit code 1 with that reason, without {@link #run} being
 * called.
 *
 * <p>Lifecycle: instantiated once per CLI invocation (public no-argument constructor); {@link #run}
 * is called at most once, on the CLI's main thread, and may block (it is the command).
 */
public interface CliCommandProvider extends Plugin {
  /** One line for {@code weft --help}, without a trailing period. */
  String description();

  /**
   * Runs the command.
   *
   * @param args the arguments after {@code weft NAME}
   * @param context where to print, the environment to read and standard input
   * @return the exit code, as docs/cli.md defines them (0 done, 1 failed, 2 usage error, ...)
   */
  int run(List<String> args, CliContext context);
}
