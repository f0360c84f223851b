package dev.weft.charts;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** ECDSA P-256 signing keys in PEM, as `weft compliance keygen` writes them. */
final class SigningKeys {
  private SigningKeys() {}

  /** A key pair: the private key, its PKCS#8 PEM and the public key's SPKI PEM. */
  record Pem(PrivateKey key, String text, String publicText) {}

  static Pem generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      return new Pem(
          pair.getPrivate(),
          pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
          pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The private key of a PKCS#8 PEM. */
  static PrivateKey read(String pem) {
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
    try {
      return KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }
}
