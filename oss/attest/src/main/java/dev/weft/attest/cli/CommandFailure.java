package dev.weft.attest.cli;

import java.util.Objects;

/**
 * Ends a {@code weft compliance} command with one line on stderr, {@code weft: WHAT: TODO}, and the
 * given exit code ({@link Exits}).
 */
public final class CommandFailure extends RuntimeException {
  private final int exitCode;
  private final String todo;

  public CommandFailure(int exitCode, String what, String todo) {
    super(Objects.requireNonNull(what, "what"));
    this.exitCode = exitCode;
    this.todo = Objects.requireNonNull(todo, "todo");
  }

  public int exitCode() {
    return exitCode;
  }

  /** The line to print, without the {@code weft: } prefix. */
  public String line() {
    return getMessage() + ": " + todo;
  }
}
