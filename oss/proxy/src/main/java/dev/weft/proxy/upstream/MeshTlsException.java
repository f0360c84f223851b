package dev.weft.proxy.upstream;

import java.io.IOException;

/**
 * A connection to a meshed peer that could not be secured: no certificate, or a failed handshake.
 */
public final class MeshTlsException extends IOException {
  private static final long serialVersionUID = 1L;

  public MeshTlsException(String message) {
    super(message);
  }

  public MeshTlsException(String message, Throwable cause) {
    super(message, cause);
  }
}
