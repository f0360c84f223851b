package dev.weft.licensing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The public keys license signatures are verified with, by key id. The real ones are embedded in
 * this jar (resources {@code dev/weft/licensing/keys/<keyId>.pem}, listed in {@code
 * trusted-keys.txt}), so that a license is verified offline and cannot be made valid by changing
 * configuration. Immutable and thread-safe.
 */
public final class TrustedKeys {
  private static final String DIR = "/dev/weft/licensing/keys/";
  private static final System.Logger LOG = System.getLogger(TrustedKeys.class.getName());

  private final Map<String, PublicKey> keys;

  private TrustedKeys(Map<String, PublicKey> keys) {
    this.keys = Collections.unmodifiableMap(keys);
  }

  /**
   * The keys embedded in this build.
   *
   * @throws IllegalStateException if a listed key is missing or unreadable: a broken build
   */
  public static TrustedKeys embedded() {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    for (String line : resource("trusted-keys.txt").split("\n")) {
      String id = line.strip();
      if (id.isEmpty() || id.startsWith("#")) {
        continue;
      }
      try {
        keys.put(id, KeyPem.readPublic(resource(id + ".pem"), "embedded key " + id));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return new TrustedKeys(keys);
  }

  /**
   * These keys plus one more. For testing only: it lets keys signed outside the vendor be trusted,
   * so it logs a WARNING naming the key each time it is used.
   */
  public TrustedKeys withExtra(String keyId, PublicKey key) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(key, "key");
    LOG.log(
        Level.WARNING,
        "LICENSE CHECKS ARE WEAKENED: extra public key ''{0}'' is trusted for license keys "
            + "(WEFT_LICENSE_EXTRA_PUBLIC_KEY, for testing only; never set it in production)",
        keyId);
    Map<String, PublicKey> more = new LinkedHashMap<>(keys);
    more.put(keyId, key);
    return new TrustedKeys(more);
  }

  /**
   * Exactly the given keys, instead of the embedded ones: for the vendor checking a key it has just
   * issued against its own public key. Services use {@link #embedded()}.
   */
  public static TrustedKeys of(Map<String, PublicKey> keys) {
    return new TrustedKeys(new LinkedHashMap<>(keys));
  }

  /** No keys at all: every license is refused with {@link LicenseProblem#UNKNOWN_KEY}. */
  static TrustedKeys none() {
    return new TrustedKeys(new LinkedHashMap<>());
  }

  public Optional<PublicKey> find(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** The trusted key ids, in the order they were added. */
  public Set<String> ids() {
    return keys.keySet();
  }

  private static String resource(String name) {
    try (InputStream in = TrustedKeys.class.getResourceAsStream(DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + DIR + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + DIR + name, e);
    }
  }
}
