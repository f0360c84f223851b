package dev.weft.controlplane.local;

/** Answer of {@code POST /local/v1/tokens}; {@code expiresAt} is ISO-8601. */
public record TokenResponse(String token, String identity, String expiresAt) {}
