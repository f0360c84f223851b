package dev.weft.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustedKeysTest {
  @Test
  void theEmbeddedWeft2026KeyLoads() {
    TrustedKeys keys = TrustedKeys.embedded();
    assertEquals(Set.of("weft-2026"), keys.ids());
    PublicKey key = keys.find("weft-2026").orElseThrow();
    assertEquals("EdDSA", key.getAlgorithm());
    assertEquals(44, key.getEncoded().length, "an Ed25519 SPKI encoding");
  }

  @Test
  void anExtraKeyIsTrustedAndLogsOneLoudWarningNamingIt() {
    KeyPair pair = TestKeys.pair();
    try (LogCapture log = new LogCapture(TrustedKeys.class)) {
      TrustedKeys keys = TrustedKeys.embedded().withExtra("test-key", pair.getPublic());
      assertEquals(pair.getPublic(), keys.find("test-key").orElseThrow());
      assertTrue(keys.find("weft-2026").isPresent(), "the embedded keys stay trusted");
      List<String> warnings = log.warnings();
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("extra public key 'test-key'"), warnings.get(0));
      assertTrue(warnings.get(0).contains("for testing only"), warnings.get(0));
    }
  }

  @Test
  void theEmbeddedKeysAloneDoNotTrustAnExtraKey() {
    assertTrue(TrustedKeys.embedded().find("test-key").isEmpty());
  }
}
