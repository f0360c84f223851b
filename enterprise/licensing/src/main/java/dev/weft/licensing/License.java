package dev.weft.licensing;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a license key says: who it is for, what it entitles, until when, and which key signed it.
 * Immutable; features are kept sorted so that a license encodes the same way every time.
 *
 * @param clusters the most clusters the license covers; empty for unlimited
 * @param meshedWorkloads the most meshed workloads the license covers; empty for unlimited
 * @param keyId the id of the trusted public key that verifies the signature
 */
public record License(
    String id,
    String customer,
    String tier,
    Set<String> features,
    OptionalLong clusters,
    OptionalLong meshedWorkloads,
    Instant notBefore,
    Instant expiresAt,
    Instant issuedAt,
    String keyId) {

  public License {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(tier, "tier");
    features = Collections.unmodifiableSortedSet(new TreeSet<>(features));
    Objects.requireNonNull(clusters, "clusters");
    Objects.requireNonNull(meshedWorkloads, "meshedWorkloads");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(keyId, "keyId");
  }
}
