package dev.weft.proxy.tls;

/** Why a TLS handshake failed, as the {@code reason} label of {@code tls_handshake_failures}. */
public enum TlsFailureReason {
  /** The peer's chain does not lead to a current trust anchor (or is otherwise invalid). */
  UNTRUSTED("untrusted"),
  /** A certificate of the peer's chain is expired or not yet valid. */
  EXPIRED("expired"),
  /** The server's certificate names another identity than the one the client expected. */
  IDENTITY_MISMATCH("identity_mismatch"),
  /** The client sent no certificate although the server requires one. */
  NO_CLIENT_CERTIFICATE("no_client_certificate"),
  /** No common protocol version, cipher suite or application protocol; not TLS at all. */
  PROTOCOL("protocol"),
  /** The handshake did not finish in time. */
  TIMEOUT("timeout"),
  /** The connection closed before the handshake finished. */
  CLOSED("closed"),
  OTHER("other");

  private final String label;

  TlsFailureReason(String label) {
    this.label = label;
  }

  /** The metric label value. */
  public String label() {
    return label;
  }
}
