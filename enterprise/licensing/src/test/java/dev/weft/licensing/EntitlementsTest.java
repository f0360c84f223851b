package dev.weft.licensing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.spi.Availability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntitlementsTest {
  private final KeyPair vendor = TestKeys.pair();
  private final String key =
      LicenseKeys.encode(TestKeys.license(TestKeys.KEY_ID), vendor.getPrivate());
  private final Clock clock = TestKeys.at("2027-01-15T10:00:00Z");

  @Test
  void aFeatureInTheLicenseIsEntitled() {
    Entitlement e = Entitlements.ofKey(key, TestKeys.verifier(vendor, clock), clock).check("hazl");
    assertTrue(e.entitled());
    assertFalse(e.warning());
    assertNull(e.problem());
    assertEquals(Availability.AVAILABLE, e.availability());
  }

  @Test
  void aFeatureNotInTheLicenseIsNot() {
    Entitlement e = Entitlements.ofKey(key, TestKeys.verifier(vendor, clock), clock).check("sso");
    assertFalse(e.entitled());
    assertEquals(LicenseProblem.FEATURE_NOT_IN_TIER, e.problem());
    assertEquals(
        "feature 'sso' is not in license lic-2026-0001 (tier enterprise; features: compliance,"
            + " hazl)",
        e.reason());
    assertEquals(Availability.unavailable(e.reason()), e.availability());
  }

  @Test
  void withinTheGracePeriodAFeatureStaysEntitledWithAWarning() {
    Clock late = TestKeys.at("2027-11-15T00:00:00Z");
    Entitlement e = Entitlements.ofKey(key, TestKeys.verifier(vendor, late), late).check("hazl");
    assertTrue(e.entitled());
    assertTrue(e.warning());
    assertTrue(e.reason().contains("expired on 2027-11-01"), e.reason());
    assertTrue(e.availability().available());
    assertEquals(e.reason(), e.availability().reason());
  }

  @Test
  void noKeyIsMissingAndNeverThrows() {
    Entitlements none = Entitlements.fromEnvironment(Map.of(), clock);
    Entitlement e = none.check("hazl");
    assertFalse(e.entitled());
    assertEquals(LicenseProblem.MISSING, e.problem());
    assertEquals(
        "no license key configured: set WEFT_LICENSE to the key, or WEFT_LICENSE_FILE to a file"
            + " holding it",
        e.reason());
  }

  @Test
  void fromTheEnvironmentMapWithTheExtraKeyAndGrace() {
    Map<String, String> env =
        Map.of(
            "WEFT_LICENSE",
            " " + key + "\n",
            "WEFT_LICENSE_EXTRA_PUBLIC_KEY",
            TestKeys.extraKey(vendor),
            "WEFT_LICENSE_GRACE",
            "10d");
    Clock late = TestKeys.at("2027-11-05T00:00:00Z");
    try (LogCapture log = new LogCapture(TrustedKeys.class)) {
      Entitlements ent = Entitlements.fromEnvironment(env, late);
      assertTrue(ent.check("compliance").warning(), "in the 10-day grace");
      assertEquals(1, log.warnings().size(), log.warnings().toString());
      assertTrue(log.warnings().get(0).contains("'test-key'"), log.warnings().get(0));
    }
    Clock later = TestKeys.at("2027-11-12T00:00:00Z");
    LicenseStatus s = Entitlements.fromEnvironment(env, later).status();
    assertEquals(LicenseProblem.EXPIRED, s.problem());
    assertEquals(
        "license lic-2026-0001 expired on 2027-11-01 (grace until 2027-11-11)", s.message());
  }

  @Test
  void withoutTheExtraKeyATestKeyIsUnknown() {
    LicenseStatus s = Entitlements.fromEnvironment(Map.of("WEFT_LICENSE", key), clock).status();
    assertEquals(LicenseProblem.UNKNOWN_KEY, s.problem());
    assertTrue(s.message().contains("(trusted: weft-2026)"), s.message());
  }

  @Test
  void theLicenseFileIsReReadWhenItChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("license.key");
    Map<String, String> env =
        Map.of(
            "WEFT_LICENSE_FILE", file.toString(),
            "WEFT_LICENSE_EXTRA_PUBLIC_KEY", TestKeys.extraKey(vendor));
    Entitlements ent = Entitlements.fromEnvironment(env, clock);
    LicenseStatus none = ent.status();
    assertEquals(LicenseProblem.MISSING, none.problem());
    assertTrue(
        none.message().contains(file + " (WEFT_LICENSE_FILE) does not exist"), none.message());

    Files.writeString(file, key + "\n");
    assertFalse(ent.check("sso").entitled());

    License renewed =
        new License(
            "lic-2026-0002",
            "Acme Corp",
            "enterprise",
            Set.of("hazl", "sso"),
            OptionalLong.empty(),
            OptionalLong.empty(),
            TestKeys.NOT_BEFORE,
            TestKeys.EXPIRES.plus(Duration.ofDays(365)),
            Instant.parse("2026-12-01T00:00:00Z"),
            TestKeys.KEY_ID);
    Files.writeString(file, LicenseKeys.encode(renewed, vendor.getPrivate()));
    // A later modification time, as a real renewal has, even where timestamps are coarse.
    Files.setLastModifiedTime(
        file, FileTime.from(Files.getLastModifiedTime(file).toInstant().plusSeconds(5)));
    assertTrue(ent.check("sso").entitled());
    assertEquals("lic-2026-0002", ent.status().license().id());

    Files.writeString(file, "  \n");
    assertEquals(LicenseProblem.MISSING, ent.status().problem());
  }

  @Test
  void aBadGraceOrExtraKeyIsIgnoredNotThrown() {
    Map<String, String> env =
        Map.of(
            "WEFT_LICENSE", key,
            "WEFT_LICENSE_GRACE", "a while",
            "WEFT_LICENSE_EXTRA_PUBLIC_KEY", "no-equals-sign");
    LicenseStatus s = Entitlements.fromEnvironment(env, clock).status();
    assertEquals(LicenseProblem.UNKNOWN_KEY, s.problem());
  }

  @Test
  void durations() {
    assertEquals(Duration.ofDays(30), Entitlements.parseDuration("30d"));
    assertEquals(Duration.ofHours(12), Entitlements.parseDuration("12h"));
    assertEquals(Duration.ZERO, Entitlements.parseDuration("0"));
    assertEquals(Duration.ofDays(7), Entitlements.parseDuration("P7D"));
  }
}
