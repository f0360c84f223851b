package dev.weft.proxy.identity;

/**
 * One certification attempt failed: the token could not be read, the control plane refused or was
 * unreachable, or its answer was unusable. Always retried with backoff; the message says which.
 */
final class CertifyException extends Exception {
  private static final long serialVersionUID = 1L;

  CertifyException(String message) {
    super(message);
  }

  CertifyException(String message, Throwable cause) {
    super(message, cause);
  }
}
