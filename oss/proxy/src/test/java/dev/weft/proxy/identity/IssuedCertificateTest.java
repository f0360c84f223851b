package dev.weft.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.proxy.tls.TestCa;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a leaf is due for renewal, whatever its issuer did with its notBefore. */
class IssuedCertificateTest {
  private static final TestCa CA = TestCa.create("renewal");
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static IssuedCertificate leaf(Instant notBefore, Instant notAfter) {
    return new IssuedCertificate(List.of(CA.leaf("web.demo", notBefore, notAfter).certificate()));
  }

  @Test
  void aShortLeafStartedAMinuteAgoRenewsAfterSeventyPercentOfWhatIsLeft() {
    // 20 s of life, started 60 s early: 70% of the 80 s since notBefore would be 4 s ago.
    IssuedCertificate issued = leaf(NOW.minusSeconds(60), NOW.plusSeconds(20));
    assertEquals(NOW.plusSeconds(14), issued.renewAt(NOW));
  }

  @Test
  void aLeafThatStartsInTheFutureOfThisClockCountsFromItsNotBefore() {
    // This clock runs 10 s behind the issuer's.
    IssuedCertificate issued = leaf(NOW.plusSeconds(10), NOW.plusSeconds(110));
    assertEquals(NOW.plusSeconds(80), issued.renewAt(NOW));
  }

  @Test
  void aLeafAlreadyExpiredOnArrivalIsDueAtOnce() {
    IssuedCertificate issued = leaf(NOW.minusSeconds(100), NOW.minusSeconds(1));
    assertEquals(NOW, issued.renewAt(NOW));
  }
}
