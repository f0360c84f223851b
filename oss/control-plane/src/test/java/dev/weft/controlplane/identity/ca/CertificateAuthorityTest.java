package dev.weft.controlplane.identity.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.controlplane.identity.Csrs;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.TestCa;
import dev.weft.testkit.ManualClock;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A leaf's validity stays inside its issuer's, whatever the configured lifetime. */
class CertificateAuthorityTest {
  private static final IdentityName WEB = new IdentityName("web", "demo", "cluster.local");

  private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

  @Test
  void backdatesForClockSkewButNeverBeforeTheIssuer() throws Exception {
    TestCa ca = TestCa.create(clock.instant()); // the issuer starts right now
    X509Certificate leaf =
        new CertificateAuthority(clock, new SecureRandom(), Duration.ofHours(24))
            .issue(ca.issuer(), WEB, Csrs.keys("secp256r1").getPublic());
    assertEquals(ca.issuer().certificate().getNotBefore(), leaf.getNotBefore());
    assertEquals(clock.instant().plus(Duration.ofHours(24)), leaf.getNotAfter().toInstant());
  }

  @Test
  void endsWithTheIssuerWhenTheIssuerEndsFirst() throws Exception {
    TestCa ca = TestCa.create(clock.instant().minus(Duration.ofDays(1)));
    clock.advance(
        CaCertificates.ISSUER_LIFETIME.minus(Duration.ofDays(1)).minus(Duration.ofHours(2)));
    X509Certificate leaf =
        new CertificateAuthority(clock, new SecureRandom(), Duration.ofHours(24))
            .issue(ca.issuer(), WEB, Csrs.keys("secp256r1").getPublic());
    assertEquals(ca.issuer().certificate().getNotAfter(), leaf.getNotAfter());
    assertEquals(
        clock.instant().minus(CertificateAuthority.CLOCK_SKEW_ALLOWANCE),
        leaf.getNotBefore().toInstant());
  }

  @Test
  void carriesANameTooLongForACommonNameInTheSansAlone() throws Exception {
    IdentityName control = new IdentityName("weft-control-plane", "weft", "cluster.local");
    TestCa ca = TestCa.create(clock.instant());
    X509Certificate leaf =
        new CertificateAuthority(clock, new SecureRandom(), Duration.ofHours(24))
            .issue(ca.issuer(), control, Csrs.keys("secp256r1").getPublic());
    assertEquals(66, control.name().length());
    assertEquals("", leaf.getSubjectX500Principal().getName());
    assertTrue(leaf.getCriticalExtensionOIDs().contains("2.5.29.17"), "SAN critical");
    assertEquals(
        List.of(List.of(2, control.name()), List.of(6, control.spiffeId())),
        leaf.getSubjectAlternativeNames().stream().map(List::copyOf).toList());
  }

  @Test
  void refusesALifetimeUnderOneSecond() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CertificateAuthority(clock, new SecureRandom(), Duration.ofMillis(10)));
    assertEquals("leaf lifetime: PT0.01S (expected: at least 1 second)", e.getMessage());
  }
}
