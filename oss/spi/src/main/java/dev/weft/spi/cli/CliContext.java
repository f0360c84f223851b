package dev.weft.spi.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a {@link CliCommandProvider} runs in: the CLI's output streams, its environment and its
 * standard input. Commands use these instead of {@link System} so that they can be run and tested
 * in-process.
 */
public interface CliContext {
  /** Standard output: the command's result. */
  PrintStream out();

  /** Standard error: errors and warnings, one line each. */
  PrintStream err();

  /** The environment variables the command sees (read-only). */
  Map<String, String> environment();

  /** Standard input. */
  InputStream in();
}
