package dev.weft.licensing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys as PEM: public keys as SPKI ("PUBLIC KEY"), private keys as PKCS#8. */
public final class KeyPem {
  private static final String PUBLIC = "PUBLIC KEY";
  private static final String PRIVATE = "PRIVATE KEY";

  private KeyPem() {}

  public static String publicPem(PublicKey key) {
    return pem(PUBLIC, key.getEncoded());
  }

  public static String privatePem(PrivateKey key) {
    return pem(PRIVATE, key.getEncoded());
  }

  /**
   * @param what names the source in the error message (a file, a resource, a variable)
   * @throws IllegalArgumentException naming {@code what} when it is not an Ed25519 SPKI PEM
   */
  public static PublicKey readPublic(String pem, String what) {
    return publicFromDer(der(pem, PUBLIC, what), what);
  }

  /** An Ed25519 public key from base64 of its SPKI encoding (one line, for a variable). */
  public static PublicKey publicFromBase64(String base64, String what) {
    try {
      return publicFromDer(Base64.getDecoder().decode(base64.strip()), what);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": not base64 of an Ed25519 public key (SPKI)", e);
    }
  }

  public static PrivateKey readPrivate(String pem, String what) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new PKCS8EncodedKeySpec(der(pem, PRIVATE, what)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(what + ": not an Ed25519 private key (PKCS#8)", e);
    }
  }

  private static PublicKey publicFromDer(byte[] der, String what) {
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(what + ": not an Ed25519 public key (SPKI)", e);
    }
  }

  private static byte[] der(String pem, String type, String what) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException(
          what + ": no '" + begin + "' ... '" + end + "' block (expected a PEM file)");
    }
    try {
      return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(what + ": the PEM block is not base64", ex);
    }
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
