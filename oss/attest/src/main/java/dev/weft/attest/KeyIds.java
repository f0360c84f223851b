package dev.weft.attest;

import java.security.PublicKey;
import java.util.HexFormat;

/** Key ids: the SHA-256 of a public key's SPKI (DER) encoding, in lower-case hex. */
public final class KeyIds {
  private KeyIds() {}

  public static String of(PublicKey key) {
    return HexFormat.of().formatHex(Subject.newSha256().digest(key.getEncoded()));
  }
}
