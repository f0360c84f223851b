package dev.weft.attest;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ECDSA P-256 keys as PEM: public keys as SPKI ({@code PUBLIC KEY}), private keys as PKCS#8 ({@code
 * PRIVATE KEY}), the encodings cosign and openssl read.
 */
public final class EcKeys {
  /** The signature algorithm of attestations: ECDSA P-256 over SHA-256, ASN.1 DER encoded. */
  public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  public static final String PUBLIC = "PUBLIC KEY";
  public static final String PRIVATE = "PRIVATE KEY";

  // The order of P-256's base point: tells the curve apart from every other the JDK knows.
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private EcKeys() {}

  /** PEM text of a DER encoding under {@code label}, 64 characters a line. */
  public static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /**
   * @param what names the source in messages (a file name)
   * @throws IllegalArgumentException naming {@code what} when it is not a P-256 public key PEM
   */
  public static PublicKey readPublic(String pem, String what) {
    byte[] der = der(pem, PUBLIC, what);
    try {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      requireP256(key, what);
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          what + ": not an EC public key (" + e.getMessage() + ")", e);
    }
  }

  /**
   * @throws IllegalArgumentException naming {@code what} when it is not a P-256 PKCS#8 PEM
   */
  public static PrivateKey readPrivate(String pem, String what) {
    if (pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          what
              + ": an SEC1 'EC PRIVATE KEY' (expected: PKCS#8 'PRIVATE KEY'; convert with openssl"
              + " pkcs8 -topk8 -nocrypt)");
    }
    if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      throw new IllegalArgumentException(
          what + ": an encrypted private key (expected: an unencrypted PKCS#8 'PRIVATE KEY')");
    }
    byte[] der = der(pem, PRIVATE, what);
    try {
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      requireP256(key, what);
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          what + ": not an EC private key (" + e.getMessage() + ")", e);
    }
  }

  private static void requireP256(Object key, String what) {
    if (!(key instanceof ECKey ec) || !ec.getParams().getOrder().equals(P256_ORDER)) {
      throw new IllegalArgumentException(
          what + ": an EC key on another curve (expected: P-256, also named secp256r1)");
    }
  }

  private static byte[] der(String pem, String label, String what) {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(label)) {
        try {
          return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(what + ": the " + label + " block is not base64", e);
        }
      }
    }
    throw new IllegalArgumentException(
        what + ": no '-----BEGIN " + label + "-----' block (expected: a P-256 key in PEM)");
  }
}
