package dev.weft.attest.cli;

/** The exit codes of {@code weft compliance}, those of every {@code weft} command (docs/cli.md). */
public final class Exits {
  /** Done as asked: the attestation verified, the bundle or keys were written. */
  public static final int OK = 0;

  /** The attestation did not verify, or the command could not do what was asked. */
  public static final int FAILED = 1;

  /** A bad flag or value, or a missing file: nothing was done. */
  public static final int USAGE = 2;

  /** The Kubernetes API could not be reached. */
  public static final int UNREACHABLE = 3;

  /** An input (a key, a subject that must be JSON) could not be parsed. */
  public static final int BAD_INPUT = 4;

  private Exits() {}
}
