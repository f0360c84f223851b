package dev.weft.controlplane.identity.local;

import dev.weft.controlplane.identity.IdentityName;
import java.time.Instant;

/** A bootstrap token as handed to whoever starts a proxy. */
public record MintedToken(String token, IdentityName identity, Instant expiresAt) {}
