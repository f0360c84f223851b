package dev.weft.proxy.identity;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A certificate chain Certify returned: the leaf first, then its intermediates. */
record IssuedCertificate(List<X509Certificate> chain) {
  /** Renewal starts at this share of the leaf's lifetime, leaving 30% for retries. */
  static final double RENEW_AT = 0.7;

  IssuedCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain: empty (expected: leaf first)");
    }
  }

  X509Certificate leaf() {
    return chain.getFirst();
  }

  Instant notBefore() {
    return leaf().getNotBefore().toInstant();
  }

  Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  Instant renewAt() {
    Duration lifetime = Duration.between(notBefore(), notAfter());
    return notBefore().plusMillis((long) (lifetime.toMillis() * RENEW_AT));
  }
}
