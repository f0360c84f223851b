package dev.weft.cli.check;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * One check line for a certificate's validity period, as Linkerd words it: expired (or not valid
 * yet) fails, expiring within the margin warns, so a rotation is planned before it is urgent.
 */
final class Validity {
  private Validity() {}

  static void check(
      CheckGroup group,
      String label,
      X509Certificate cert,
      Instant now,
      Duration margin,
      String remedy) {
    String what = label + " is valid for at least " + margin.toDays() + " days";
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (now.isBefore(notBefore)) {
      group.fail(
          what, label + " is not valid before " + notBefore + " (check the clocks); " + remedy);
    } else if (!now.isBefore(notAfter)) {
      group.fail(
          what,
          label
              + " expired on "
              + notAfter
              + " ("
              + Certificates.relative(notAfter, now)
              + "): "
              + remedy);
    } else if (notAfter.isBefore(now.plus(margin))) {
      group.warn(
          what,
          label
              + " expires on "
              + notAfter
              + " ("
              + Certificates.relative(notAfter, now)
              + "): "
              + remedy);
    } else {
      group.pass(what);
    }
  }
}
