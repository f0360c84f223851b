package dev.weft.spi.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a {@link CliCommandProvider} runs with: the command line's streams and environment. A
 * provider uses these and not {@code System.out}, {@code System.err}, {@code System.in} or {@code
 * System.getenv()}, so {@code weft} can be run in-process (tests, completion) with its output
 * captured.
 *
 * <p>Valid for the duration of {@link CliCommandProvider#run}, on the thread that calls it. The
 * provider does not close the streams.
 */
public interface CliContext {
  /** Where the command's results go (UTF-8). */
  PrintStream out();

  /** Where errors, warnings and progress go (UTF-8), one line per problem. */
  PrintStream err();

  /** The environment variables the command sees (read-only). */
  Map<String, String> environment();

  /** The command's standard input ({@code -} as a file argument reads it). */
  InputStream in();
}
