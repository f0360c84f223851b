package dev.weft.cli.compliance;

import dev.weft.attest.cli.ComplianceCli;
import dev.weft.spi.Availability;
import dev.weft.spi.cli.CliCommandProvider;
import dev.weft.spi.cli.CliContext;
import java.util.List;

/**
 * {@code weft compliance} of the open-source {@code weft}: {@code verify} only. A provider rather
 * than a built-in command so that the enterprise distribution's provider of the same name (higher
 * priority), which adds {@code keygen} and {@code attest} to the same {@code verify}, replaces it;
 * built-in names cannot be provided by a plugin.
 */
public final class ComplianceCommandProvider implements CliCommandProvider {
  @Override
  public String name() {
    return "compliance";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    return Availability.AVAILABLE;
  }

  @Override
  public String description() {
    return "Verify signed attestations offline (weft compliance verify)";
  }

  @Override
  public int run(List<String> args, CliContext context) {
    return ComplianceCli.run(args, context, List.of());
  }
}
