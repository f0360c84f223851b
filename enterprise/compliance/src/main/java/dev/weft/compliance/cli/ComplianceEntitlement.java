package dev.weft.compliance.cli;

import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import dev.weft.licensing.Entitlement;
import dev.weft.licensing.Entitlements;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/** The license feature the signing commands need; verifying needs none. */
final class ComplianceEntitlement {
  static final String FEATURE = "compliance";

  private final Map<String, String> environment;
  private final Clock clock;

  ComplianceEntitlement(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  /**
   * Returns when the license entitles {@link #FEATURE} (with a warning line on {@code err} in its
   * grace period); else ends the command with the reason and exit 1.
   */
  void require(String command, PrintWriter err) {
    Entitlement e = Entitlements.fromEnvironment(environment, clock).check(FEATURE);
    if (!e.entitled()) {
      throw new CommandFailure(
          Exits.FAILED,
          "compliance " + command + " needs the license feature '" + FEATURE + "': " + e.reason(),
          "weft compliance verify needs none");
    }
    if (e.warning()) {
      err.println("weft: warning: " + e.reason());
    }
  }
}
