package dev.weft.compliance;

import dev.weft.attest.EcKeys;
import dev.weft.attest.KeyIds;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Objects;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** An ECDSA P-256 signing key and its public key (whose id the bundles name). */
public record SigningKey(PrivateKey privateKey, PublicKey publicKey) {
  public SigningKey {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /** A new key pair from the JDK's strong random source. */
  public static SigningKey generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      return new SigningKey(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate P-256 keys: " + e.getMessage(), e);
    }
  }

  /**
   * A key from its PKCS#8 PEM; the public key is computed from it, since PKCS#8 need not carry it.
   *
   * @param what names the source in messages
   * @throws IllegalArgumentException naming {@code what} when it is not a P-256 PKCS#8 PEM
   */
  public static SigningKey read(String pem, String what) {
    PrivateKey key = EcKeys.readPrivate(pem, what);
    ECPrivateKey ec = (ECPrivateKey) key;
    var q =
        new FixedPointCombMultiplier()
            .multiply(NISTNamedCurves.getByName("P-256").getG(), ec.getS())
            .normalize();
    try {
      PublicKey pub =
          KeyFactory.getInstance("EC")
              .generatePublic(
                  new ECPublicKeySpec(
                      new ECPoint(
                          q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                      ec.getParams()));
      return new SigningKey(key, pub);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          what + ": its public key cannot be derived (" + e.getMessage() + ")", e);
    }
  }

  /** The id bundles name as their key hint: SHA-256 of the public key's SPKI, hex. */
  public String keyId() {
    return KeyIds.of(publicKey);
  }

  public String privatePem() {
    return EcKeys.pem(EcKeys.PRIVATE, privateKey.getEncoded());
  }

  public String publicPem() {
    return EcKeys.pem(EcKeys.PUBLIC, publicKey.getEncoded());
  }
}
