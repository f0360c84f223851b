package dev.weft.controlplane.identity;

/**
 * Checks the token a proxy presents and says which subject it proves.
 *
 * <p>Implementations are thread-safe and may block (a TokenReview is an HTTP call); Certify runs
 * them on virtual threads.
 */
public interface TokenVerifier {
  /**
   * Returns the token's subject, e.g. {@code system:serviceaccount:demo:web}.
   *
   * @throws CertifyException UNAUTHENTICATED if the token is malformed, forged, expired or for
   *     another audience; UNAVAILABLE if it cannot be checked now
   */
  String verify(byte[] token) throws CertifyException;
}
