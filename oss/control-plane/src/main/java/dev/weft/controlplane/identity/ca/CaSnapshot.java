package dev.weft.controlplane.identity.ca;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The CA material in force at one moment: the signing issuer and the trust bundle's roots.
 * Immutable; a rotation or reload publishes a new snapshot.
 */
public record CaSnapshot(Issuer issuer, List<X509Certificate> roots) {
  public CaSnapshot {
    requireNonNull(issuer, "issuer");
    roots = List.copyOf(roots);
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("trust bundle is empty (expected: at least one root)");
    }
  }

  /** The root of the bundle that signed the top of the issuer chain, if any. */
  public Optional<X509Certificate> issuerRoot() {
    X509Certificate top = issuer.chain().getLast();
    return roots.stream().filter(root -> CaCertificates.signedBy(top, root)).findFirst();
  }
}
