package dev.weft.controlplane.identity.ca;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate that signs leaves, with its key and the chain sent to proxies.
 *
 * @param chain the issuer certificate first, then any further intermediates up to, not including, a
 *     trust anchor
 */
public record Issuer(PrivateKey key, List<X509Certificate> chain) {
  public Issuer {
    requireNonNull(key, "key");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "issuer chain is empty (expected: the issuer certificate)");
    }
  }

  public X509Certificate certificate() {
    return chain.getFirst();
  }
}
