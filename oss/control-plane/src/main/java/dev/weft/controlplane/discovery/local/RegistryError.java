package dev.weft.controlplane.discovery.local;

/**
 * A bad line of the registry file.
 *
 * @param line 1-based; 0 when the error is about the file as a whole
 * @param message the whole message, {@code registry.conf:12: reason}
 */
public record RegistryError(int line, String message) {
  @Override
  public String toString() {
    return message;
  }
}
