package dev.weft.attest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/** Throw-away P-256 keys and bundles signed the way `weft compliance attest` signs them. */
public final class TestSigning {
  private TestSigning() {}

  public static KeyPair p256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  public static byte[] sign(PrivateKey key, byte[] data) {
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  public static Statement sbomStatement(Subject subject) {
    var content = JsonNodeFactory.instance.objectNode();
    content.put("bomFormat", "CycloneDX");
    content.put("specVersion", "1.6");
    return new Statement(List.of(subject), new Predicate(Predicate.CYCLONEDX_BOM, content));
  }

  /** A bundle over {@code payload} (any bytes) signed by {@code pair}, hinting its key id. */
  public static SigstoreBundle bundle(KeyPair pair, String payloadType, byte[] payload) {
    byte[] sig = sign(pair.getPrivate(), Dsse.pae(payloadType, payload));
    String keyId = KeyIds.of(pair.getPublic());
    return new SigstoreBundle(
        keyId, new Envelope(payloadType, payload, List.of(new EnvelopeSignature(keyId, sig))));
  }

  public static String bundleJson(KeyPair pair, Statement statement) {
    return bundle(pair, Dsse.IN_TOTO_PAYLOAD_TYPE, statement.toJson()).toJson();
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
