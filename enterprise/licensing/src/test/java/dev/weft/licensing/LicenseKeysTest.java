package dev.weft.licensing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LicenseKeysTest {
  private final KeyPair vendor = TestKeys.pair();

  private static final String FULL =
      "{\"id\": \"lic-2026-0001\", \"customer\": \"Acme Corp\", \"tier\": \"enterprise\","
          + " \"features\": [\"hazl\"], \"limits\": {},"
          + " \"notBefore\": \"2026-11-01T00:00:00Z\", \"expiresAt\": \"2027-11-01T00:00:00Z\","
          + " \"issuedAt\": \"2026-10-30T12:00:00Z\", \"keyId\": \"test-key\"}";

  @Test
  void encodesAsThreePartsWithTheVersionPrefixSigned() {
    String key = LicenseKeys.encode(TestKeys.license(TestKeys.KEY_ID), vendor.getPrivate());
    assertTrue(key.matches("weft-lic-v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), key);
    LicenseKeys.Decoded d = LicenseKeys.decode(key);
    assertEquals(key.substring(0, key.lastIndexOf('.')), d.signedText());
    assertEquals(64, d.signature().length);
    assertArrayEquals(
        LicenseKeys.decode(key).signature(), d.signature(), "decoding is deterministic");
  }

  @Test
  void absentLimitsMeanUnlimited() {
    License l = LicenseKeys.decode(TestKeys.signRaw(FULL, vendor)).license();
    assertEquals(OptionalLong.empty(), l.clusters());
    assertEquals(OptionalLong.empty(), l.meshedWorkloads());
  }

  @Test
  void missingFieldIsNamed() {
    String json = FULL.replace(", \"expiresAt\": \"2027-11-01T00:00:00Z\"", "");
    assertEquals("license key is malformed: payload field 'expiresAt' missing", malformed(json));
  }

  @Test
  void badFieldsAreNamedWithWhatWasExpected() {
    assertEquals(
        "license key is malformed: payload field 'tier' is 'gold' (expected: free or enterprise)",
        malformed(FULL.replace("\"enterprise\"", "\"gold\"")));
    assertTrue(
        malformed(FULL.replace("\"hazl\"", "\"HAZL\"")).contains("payload field 'features'"));
    assertTrue(
        malformed(FULL.replace("2027-11-01T00:00:00Z", "next year")).contains("'expiresAt'"));
    assertTrue(malformed(FULL.replace("{}", "{\"clusters\": -1}")).contains("'limits.clusters'"));
    assertTrue(malformed(FULL.replace("2027-11-01", "2026-10-01")).contains("is not after"));
    assertTrue(malformed(FULL.substring(0, 40)).contains("payload is not JSON"));
    assertTrue(malformed("[1, 2]").contains("not a JSON object"));
  }

  private String malformed(String json) {
    LicenseException e =
        assertThrows(
            LicenseException.class, () -> LicenseKeys.decode(TestKeys.signRaw(json, vendor)));
    assertEquals(LicenseProblem.MALFORMED, e.problem());
    return e.getMessage();
  }
}
