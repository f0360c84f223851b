package dev.weft.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal at 70% of a short lifetime, and what happens when the control plane goes away: the
 * working certificate is kept until it expires, retries back off, and recovery is automatic. Time
 * is a manual clock, so a 100 s lifetime passes at once.
 */
class RenewalTest {
  private static final Duration LIFETIME = Duration.ofSeconds(100);

  @TempDir Path dir;
  private IdentityFixture f;
  private WorkloadIdentity identity;

  @BeforeEach
  void setUp() throws Exception {
    f = new IdentityFixture(dir);
    f.server.lifetime = LIFETIME;
    identity = f.start();
    f.scheduler.runDue();
    assertTrue(identity.ready());
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private X509Certificate leaf() {
    return identity.chain().getFirst();
  }

  private double errors() {
    return f.metric("identity_cert_refresh_total", Map.of("result", "error"));
  }

  @Test
  void renewsAtSeventyPercentOfTheLifetime() {
    X509Certificate first = leaf();
    TlsContexts firstContexts = identity.contexts();

    f.scheduler.advance(Duration.ofSeconds(69));
    assertSame(first, leaf());
    assertEquals(1, f.server.requests.size());

    f.scheduler.advance(Duration.ofSeconds(2));
    assertNotEquals(first.getSerialNumber(), leaf().getSerialNumber());
    assertNotEquals(firstContexts, identity.contexts());
    assertEquals(2, f.server.requests.size());
    assertEquals(
        leaf().getNotAfter().toInstant().getEpochSecond(),
        f.metric("identity_cert_expiration_timestamp_seconds"));
    assertEquals(2, f.metric("identity_cert_refresh_total", Map.of("result", "ok")));
  }

  @Test
  void renewsAtSeventyPercentOfTheLifeLeftWhenTheLeafStartsInThePast() {
    // As the control plane issues them: a minute before "now", for clocks that run behind.
    f.server.backdate = Duration.ofSeconds(60);
    f.scheduler.advance(Duration.ofSeconds(71));
    X509Certificate backdated = leaf();
    assertEquals(2, f.server.requests.size());
    assertTrue(backdated.getNotBefore().toInstant().isBefore(f.clock.instant().minusSeconds(59)));

    // 70% of the 100 s left when it arrived, not 70% of the 160 s since its notBefore (52 s).
    f.scheduler.advance(Duration.ofSeconds(68));
    assertSame(backdated, leaf());
    assertEquals(2, f.server.requests.size());
    f.scheduler.advance(Duration.ofSeconds(2));
    assertNotEquals(backdated.getSerialNumber(), leaf().getSerialNumber());
    assertEquals(3, f.server.requests.size());
  }

  @Test
  void keepsTheWorkingCertificateWhileTheControlPlaneIsDownThenRecovers() throws Exception {
    X509Certificate first = leaf();
    Instant expiry = first.getNotAfter().toInstant();
    f.server.down();

    f.scheduler.advance(Duration.ofSeconds(70)); // the renewal attempt, at 70%, fails
    assertEquals(1, errors());
    assertTrue(identity.ready());
    assertSame(first, leaf());

    // Up to a second before expiry: retries went on, each failed, the certificate stayed.
    f.scheduler.advance(Duration.between(f.clock.instant(), expiry.minusSeconds(1)));
    double failedBeforeExpiry = errors();
    assertTrue(failedBeforeExpiry >= 5, () -> "retries before expiry: " + failedBeforeExpiry);
    assertTrue(identity.ready());
    assertSame(first, leaf());
    // Backoff is shortened near expiry, so one more attempt falls inside the last second.
    f.scheduler.advance(Duration.ofMillis(999));
    assertTrue(errors() > failedBeforeExpiry, "no attempt in the last second before expiry");

    f.scheduler.advance(Duration.ofSeconds(2));
    assertFalse(identity.ready());
    assertSame(first, leaf()); // expired, but kept until a new one arrives

    f.server.up();
    f.scheduler.advance(Duration.ofSeconds(60)); // backoff never exceeds 60 s
    assertTrue(identity.ready());
    assertNotEquals(first.getSerialNumber(), leaf().getSerialNumber());
  }

  @Test
  void backoffGrowsBetweenFailedAttempts() throws Exception {
    f.server.down();
    f.scheduler.advance(Duration.ofSeconds(70)); // the renewal attempt fails
    assertEquals(1, errors());

    // Delays are drawn from [w/2, w] with w = 1, 2, 4, 8 s: after 1 s at least one more attempt
    // happened, but within 6.5 s at most three more.
    f.scheduler.advance(Duration.ofSeconds(1));
    assertTrue(errors() >= 2);
    f.scheduler.advance(Duration.ofMillis(5500));
    assertTrue(errors() <= 4, () -> "attempts: " + errors());
  }

  @Test
  void theTokenFileIsReadAgainForEveryAttempt() throws Exception {
    Files.writeString(f.tokenFile, "token-2");
    f.scheduler.advance(Duration.ofSeconds(71));

    assertEquals("token-1", f.server.requests.get(0).token());
    assertEquals("token-2", f.server.requests.get(1).token());
  }

  @Test
  void aMissingTokenFileIsAnErrorAndARetry() throws Exception {
    Files.delete(f.tokenFile);
    X509Certificate first = leaf();
    f.scheduler.advance(Duration.ofSeconds(70));

    assertEquals(1, errors());
    assertEquals(1, f.server.requests.size()); // nothing sent without a token
    assertSame(first, leaf());

    Files.writeString(f.tokenFile, "");
    f.scheduler.advance(Duration.ofSeconds(2));
    assertTrue(errors() >= 2);
    assertEquals(1, f.server.requests.size());

    Files.writeString(f.tokenFile, "token-3");
    f.scheduler.advance(Duration.ofSeconds(8));
    assertEquals("token-3", f.server.requests.getLast().token());
    assertNotEquals(first.getSerialNumber(), leaf().getSerialNumber());
  }
}
