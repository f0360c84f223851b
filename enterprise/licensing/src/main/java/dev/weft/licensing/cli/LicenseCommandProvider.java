package dev.weft.licensing.cli;

import dev.weft.spi.Availability;
import dev.weft.spi.cli.CliCommandProvider;
import dev.weft.spi.cli.CliContext;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;

/**
 * Contributes {@code weft license show} to the {@code weft} command line. Always available: reading
 * a license needs no license.
 */
public final class LicenseCommandProvider implements CliCommandProvider {
  private final Clock clock;

  public LicenseCommandProvider() {
    this(Clock.systemUTC());
  }

  public LicenseCommandProvider(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return "license";
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
    return "Show the enterprise license key in use and whether it verifies";
  }

  @Override
  public int run(List<String> args, CliContext context) {
    PrintWriter out = new PrintWriter(context.out(), true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(context.err(), true, StandardCharsets.UTF_8);
    CommandLine cl = new CommandLine(new LicenseCommand(context.environment(), clock));
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println(
          "weft: "
              + ex.getMessage()
              + " (see: weft "
              + ex.getCommandLine().getCommandSpec().qualifiedName()
              + " --help)");
      return 2;
    });
    int code = cl.execute(args.toArray(String[]::new));
    out.flush();
    err.flush();
    return code;
  }
}
