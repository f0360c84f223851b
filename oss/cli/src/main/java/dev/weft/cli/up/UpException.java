package dev.weft.cli.up;

/**
 * A reason {@code weft up} cannot go on; the message is complete (what failed, where to look, what
 * to do) and is printed as is.
 */
final class UpException extends Exception {
  UpException(String message) {
    super(message);
  }

  UpException(String message, Throwable cause) {
    super(message, cause);
  }
}
