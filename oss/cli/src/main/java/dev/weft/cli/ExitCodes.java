package dev.weft.cli;

/** The exit codes of every {@code weft} command (docs/cli.md lists them). */
public final class ExitCodes {
  /** Done as asked; for {@code check}, every check passed (warnings allowed). */
  public static final int OK = 0;

  /** A check failed, or the command could not do what was asked. */
  public static final int FAILED = 1;

  /** A bad flag or value: nothing was done. */
  public static final int USAGE = 2;

  /** The Kubernetes API could not be reached. */
  public static final int UNREACHABLE = 3;

  /** Input (manifests for inject, uninject) could not be parsed. */
  public static final int BAD_INPUT = 4;

  private ExitCodes() {}
}
