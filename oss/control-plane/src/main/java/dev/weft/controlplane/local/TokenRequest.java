package dev.weft.controlplane.local;

/** Body of {@code POST /local/v1/tokens}. */
public record TokenRequest(String namespace, String serviceAccount, Long ttlSeconds) {}
