package dev.weft.compliance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.attest.EcKeys;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class SigningKeyTest {
  @Test
  void thePublicKeyIsDerivedFromThePkcs8PrivateKey() {
    SigningKey generated = SigningKey.generate();
    SigningKey read = SigningKey.read(generated.privatePem(), "key.pem");
    assertArrayEquals(generated.publicKey().getEncoded(), read.publicKey().getEncoded());
    assertEquals(generated.keyId(), read.keyId());
    assertEquals(64, read.keyId().length());
  }

  @Test
  void otherCurvesAndEncodingsAreRefusedWithTheirName() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp384r1"));
    String p384 = EcKeys.pem(EcKeys.PRIVATE, g.generateKeyPair().getPrivate().getEncoded());
    var e = assertThrows(IllegalArgumentException.class, () -> SigningKey.read(p384, "k.pem"));
    assertTrue(e.getMessage().startsWith("k.pem: an EC key on another curve"), e.getMessage());
    var sec1 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SigningKey.read(
                    "-----BEGIN EC PRIVATE KEY-----\nAA==\n-----END EC PRIVATE KEY-----\n",
                    "k.pem"));
    assertTrue(sec1.getMessage().contains("openssl pkcs8 -topk8"), sec1.getMessage());
    String pub = SigningKey.generate().publicPem();
    var wrong = assertThrows(IllegalArgumentException.class, () -> SigningKey.read(pub, "pub.pem"));
    assertTrue(wrong.getMessage().contains("no '-----BEGIN PRIVATE KEY-----'"), wrong.getMessage());
  }
}
