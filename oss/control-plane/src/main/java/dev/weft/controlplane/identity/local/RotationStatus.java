package dev.weft.controlplane.identity.local;

import java.util.List;

/**
 * The outcome of a rotation step, as the local API reports it.
 *
 * @param roots SHA-256 fingerprints of the bundle's roots, oldest first
 * @param issuer SHA-256 fingerprint of the signing issuer
 * @param issuerRoot SHA-256 fingerprint of the root the issuer chains to
 */
public record RotationStatus(
    String phase, String next, List<String> roots, String issuer, String issuerRoot) {}
