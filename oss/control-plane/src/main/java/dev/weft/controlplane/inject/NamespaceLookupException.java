package dev.weft.controlplane.inject;

/** A namespace's metadata could not be read; the message names the namespace and the cause. */
public final class NamespaceLookupException extends RuntimeException {
  public NamespaceLookupException(String message, Throwable cause) {
    super(message, cause);
  }
}
