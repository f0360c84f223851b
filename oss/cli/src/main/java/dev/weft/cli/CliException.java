package dev.weft.cli;

/**
 * Why a command stops, printed by {@link ErrorReporter} as the one line {@code weft: <what
 * happened>: <what to do>} and turned into the exit code carried here.
 */
public final class CliException extends RuntimeException {
  private final int exitCode;
  private final String remedy;

  /**
   * @param exitCode one of {@link ExitCodes}
   * @param what what happened, naming the bad input
   * @param remedy what the user can do about it
   */
  public CliException(int exitCode, String what, String remedy) {
    this(exitCode, what, remedy, null);
  }

  public CliException(int exitCode, String what, String remedy, Throwable cause) {
    super(what, cause);
    this.exitCode = exitCode;
    this.remedy = remedy;
  }

  public int exitCode() {
    return exitCode;
  }

  public String remedy() {
    return remedy;
  }

  /** The line printed, without the {@code weft: } prefix. */
  public String line() {
    return getMessage() + ": " + remedy;
  }
}
