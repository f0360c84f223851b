package dev.weft.compliance.cli;

import dev.weft.attest.cli.ComplianceCli;
import dev.weft.spi.Availability;
import dev.weft.spi.cli.CliCommandProvider;
import dev.weft.spi.cli.CliContext;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * {@code weft compliance} of the enterprise distribution: the open-source {@code verify} plus
 * {@code keygen}, {@code attest} and {@code sbom}. Always available, and above the open-source
 * provider's priority, so that verifying keeps working without a license; the signing commands
 * check the license feature {@code compliance} themselves and say why they refuse.
 */
public final class ComplianceCommandProvider implements CliCommandProvider {
  private final Clock clock;

  public ComplianceCommandProvider() {
    this(Clock.systemUTC());
  }

  public ComplianceCommandProvider(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return "compliance";
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public String description() {
    return "Fleet SBOM and signed attestations (sbom, keygen, attest: license feature 'compliance');"
        + " verify them";
  }

  @Override
  public int run(List<String> args, CliContext context) {
    ComplianceEntitlement entitlement = new ComplianceEntitlement(context.environment(), clock);
    return ComplianceCli.run(
        args,
        context,
        List.of(
            new KeygenCommand(entitlement),
            new AttestCommand(entitlement),
            new SbomCommand(entitlement, clock)));
  }
}
