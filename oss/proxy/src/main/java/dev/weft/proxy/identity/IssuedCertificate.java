package dev.weft.proxy.identity;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A certificate chain Certify returned: the leaf first, then its intermediates. */
record IssuedCertificate(List<X509Certificate> chain) {
  /** Renewal starts at this share of the leaf's remaining life, leaving 30% for retries. */
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

  /**
   * When to renew a leaf that arrived at {@code receivedAt}: 70% of the way from then (or from its
   * notBefore, if this clock runs behind the issuer's) to its notAfter. Not 70% from its notBefore:
   * issuers start leaves in the past to allow for clock skew (Weft's control plane by a minute), so
   * a short-lived leaf would be due for renewal the moment it arrived, and every one after it too.
   */
  Instant renewAt(Instant receivedAt) {
    Instant start = notBefore().isAfter(receivedAt) ? notBefore() : receivedAt;
    Duration left = Duration.between(start, notAfter());
    if (left.isNegative()) {
      return start;
    }
    return start.plusMillis((long) (left.toMillis() * RENEW_AT));
  }
}
