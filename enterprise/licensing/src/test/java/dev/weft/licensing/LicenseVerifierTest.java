package dev.weft.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LicenseVerifierTest {
  private final KeyPair vendor = TestKeys.pair();
  private final String key =
      LicenseKeys.encode(TestKeys.license(TestKeys.KEY_ID), vendor.getPrivate());
  private final LicenseVerifier now =
      TestKeys.verifier(vendor, TestKeys.at("2027-01-15T10:00:00Z"));

  @Test
  void validKeyVerifiesAndRoundTripsEveryField() {
    LicenseStatus s = now.verify(key);
    assertNull(s.problem(), s.message());
    assertFalse(s.inGrace());
    assertEquals(TestKeys.license(TestKeys.KEY_ID), s.license());
    assertEquals("license lic-2026-0001 is valid until 2027-11-01", s.message());
  }

  @Test
  void whitespaceAroundTheKeyIsIgnored() {
    assertTrue(now.verify("\n  " + key + " \t\r\n").usable());
  }

  @Test
  void expiredWithinTheGracePeriodIsUsableWithAWarning() {
    LicenseStatus s = TestKeys.verifier(vendor, TestKeys.at("2027-11-20T00:00:00Z")).verify(key);
    assertTrue(s.usable());
    assertTrue(s.inGrace());
    assertEquals(
        "license lic-2026-0001 expired on 2027-11-01; features keep working in the grace period"
            + " until 2027-12-01: renew it",
        s.message());
  }

  @Test
  void expiredPastTheGracePeriodIsRefused() {
    LicenseStatus s = TestKeys.verifier(vendor, TestKeys.at("2027-12-01T00:00:00Z")).verify(key);
    assertEquals(LicenseProblem.EXPIRED, s.problem());
    assertNull(s.license());
    assertEquals(
        "license lic-2026-0001 expired on 2027-11-01 (grace until 2027-12-01)", s.message());
  }

  @Test
  void notYetValid() {
    LicenseStatus s = TestKeys.verifier(vendor, TestKeys.at("2026-10-31T23:59:59Z")).verify(key);
    assertEquals(LicenseProblem.NOT_YET_VALID, s.problem());
    assertEquals("license lic-2026-0001 is not valid before 2026-11-01", s.message());
  }

  @Test
  void tamperedPayloadDoesNotVerify() {
    String[] parts = key.split("\\.");
    byte[] json = Base64.getUrlDecoder().decode(parts[1]);
    String text = new String(json, StandardCharsets.UTF_8);
    int at = text.indexOf("Acme");
    json[at] = 'B'; // "Bcme Corp": still valid JSON, so only the signature can catch it
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(json)
            + "."
            + parts[2];
    LicenseStatus s = now.verify(tampered);
    assertEquals(LicenseProblem.SIGNATURE_INVALID, s.problem());
    assertEquals(
        "license signature does not verify with key test-key (the key was changed or signed by"
            + " another key)",
        s.message());
  }

  @Test
  void signatureFromAnotherKeyDoesNotVerify() {
    String forged =
        LicenseKeys.encode(TestKeys.license(TestKeys.KEY_ID), TestKeys.pair().getPrivate());
    assertEquals(LicenseProblem.SIGNATURE_INVALID, now.verify(forged).problem());
  }

  @Test
  void unknownKeyIdIsRefusedNamingIt() {
    String other = LicenseKeys.encode(TestKeys.license("weft-1999"), vendor.getPrivate());
    LicenseStatus s = now.verify(other);
    assertEquals(LicenseProblem.UNKNOWN_KEY, s.problem());
    assertEquals(
        "license lic-2026-0001 is signed with key 'weft-1999', which this build does not trust"
            + " (trusted: test-key)",
        s.message());
  }

  @Test
  void truncatedKeyIsMalformed() {
    for (int cut : new int[] {1, 10, 87, key.length() / 2, key.lastIndexOf('.') + 1}) {
      LicenseStatus s = now.verify(key.substring(0, key.length() - cut));
      assertEquals(LicenseProblem.MALFORMED, s.problem(), "cut " + cut + ": " + s.message());
      assertTrue(s.message().startsWith("license key is malformed: "), s.message());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage",
        "weft-lic-v1.",
        "weft-lic-v1..",
        "weft-lic-v1.a.b.c",
        "weft-lic-v2.eyJ9.AAAA",
        "weft-lic-v1.eyJpZCI6MX0=.AAAA",
        "weft-lic-v1.!!!!.AAAA",
        "weft-lic-v1.bm90IGpzb24.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "-----BEGIN PUBLIC KEY-----"
      })
  void garbageIsMalformed(String text) {
    LicenseStatus s = now.verify(text);
    assertEquals(LicenseProblem.MALFORMED, s.problem(), s.message());
    assertNull(s.license());
  }

  @Test
  void nullOrBlankIsMissing() {
    assertEquals(LicenseProblem.MISSING, now.verify(null).problem());
    assertEquals(LicenseProblem.MISSING, now.verify(" \n").problem());
  }
}
