package dev.weft.attest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a statement is about: an in-toto resource descriptor with a name and its digests (algorithm
 * to lower-case hex, e.g. {@code sha256}).
 */
public record Subject(String name, Map<String, String> digest) {
  public static final String SHA256 = "sha256";

  public Subject {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    if (digest.isEmpty()) {
      throw new IllegalArgumentException("subject '" + name + "': no digest (expected: sha256)");
    }
    digest = Map.copyOf(new TreeMap<>(digest));
  }

  /** A file as a subject: its file name and the SHA-256 of its bytes. */
  public static Subject ofFile(Path file) throws IOException {
    MessageDigest sha256 = newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    return new Subject(
        String.valueOf(file.getFileName()),
        Map.of(SHA256, HexFormat.of().formatHex(sha256.digest())));
  }

  /** The SHA-256 digest in hex, or null when the subject has none. */
  public String sha256() {
    return digest.get(SHA256);
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
