package dev.weft.spi.cli;

import dev.weft.spi.Plugin;
import java.util.List;

/**
 * Contributes one subcommand to the {@code weft} command line: {@code weft NAME ARGS...}, where
 * NAME is {@link #name()}. Found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.weft.spi.cli.CliCommandProvider} entry in the provider's jar) when {@code
 * weft} starts.
 *
 * <p>Among the providers of a name, the available one with the highest {@link #priority()} is used.
 * A name that is already a built-in command ({@code check}, {@code install}, ...) is refused. A
 * provider that is not {@link #availability() available} is still listed by {@code weft --help},
 * with its reason, and running it prints that reason and exits 1 without calling {@link #run}.
 *
 * <p>Threading: {@link #name()}, {@link #priority()}, {@link #availability()} and {@link
 * #description()} are asked while the command line is assembled and must return quickly without
 * blocking. {@link #run} is called at most once per process, on the thread that runs the command
 * line; it may block for as long as the command takes.
 *
 * <p>Exit codes are those of every {@code weft} command (docs/cli.md): 0 done as asked, 1 failed
 * (or could not do what was asked), 2 a bad flag or value (nothing was done), 3 the Kubernetes API
 * could not be reached, 4 input could not be parsed. The provider parses its own arguments, writes
 * only to the streams of the {@link CliContext} (never {@code System.out}), reports an error as one
 * line on {@link CliContext#err()} in the form {@code weft: <what happened>: <what to do>}, and
 * never calls {@code System.exit}. An exception thrown from {@link #run} is reported by {@code
 * weft} as one line with exit code 1.
 */
public interface CliCommandProvider extends Plugin {
  /** One line for {@code weft --help}, e.g. {@code Show the license and what it entitles}. */
  String description();

  /**
   * Runs the command.
   *
   * @param args the arguments after the command's name, exactly as given (options included, not
   *     parsed by {@code weft}); {@code --help} among them is the provider's to answer
   * @param context the streams and environment to use in place of the process's own
   * @return the exit code, as in docs/cli.md
   */
  int run(List<String> args, CliContext context);
}
