package dev.weft.licensing.tool;

/** A failure of a vendor tool command: one line for stderr and the exit code to end with. */
final class ToolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int UNPARSABLE = 4;

  private final int exitCode;

  ToolException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
