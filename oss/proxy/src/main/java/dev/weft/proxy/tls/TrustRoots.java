package dev.weft.proxy.tls;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The root certificates peers are validated against: one bundle, possibly several roots at once
 * (during a root rotation). Immutable.
 */
public final class TrustRoots {
  private final List<X509Certificate> certificates;
  private final Set<TrustAnchor> anchors;

  public TrustRoots(List<X509Certificate> certificates) {
    if (certificates == null || certificates.isEmpty()) {
      throw new IllegalArgumentException("trust roots: none (expected: at least one certificate)");
    }
    this.certificates = List.copyOf(certificates);
    Set<TrustAnchor> set = new LinkedHashSet<>();
    for (X509Certificate root : this.certificates) {
      set.add(new TrustAnchor(root, null));
    }
    this.anchors = Set.copyOf(set);
  }

  public List<X509Certificate> certificates() {
    return certificates;
  }

  Set<TrustAnchor> anchors() {
    return anchors;
  }

  boolean isRoot(X509Certificate certificate) {
    return certificates.contains(certificate);
  }
}
