package dev.weft.controlplane.identity;

import static java.util.Objects.requireNonNull;

/** Why a Certify call was refused; {@link IdentityService} maps the reason to a gRPC status. */
public final class CertifyException extends Exception {
  /** The refusal classes of the Identity contract (see identity.proto). */
  public enum Reason {
    /** The token is missing, malformed, forged or expired. */
    UNAUTHENTICATED,
    /** The token is valid but proves another identity. */
    PERMISSION_DENIED,
    /** The identity name or the CSR is malformed, or the CSR names another identity. */
    INVALID_ARGUMENT,
    /** The CA cannot sign now (no issuer loaded, token reviewer unreachable); worth retrying. */
    UNAVAILABLE
  }

  private final Reason reason;

  public CertifyException(Reason reason, String message) {
    super(message);
    this.reason = requireNonNull(reason, "reason");
  }

  public CertifyException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
