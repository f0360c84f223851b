package dev.weft.cli.install;

/** Why {@code weft install} stopped, with the exit code the CLI contract gives that reason. */
final class InstallException extends Exception {
  /** A bad flag or value: exit 2. */
  static final int USAGE = 2;

  /** The command could not do what was asked: exit 1. */
  static final int FAILED = 1;

  private final int exitCode;

  InstallException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  InstallException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
