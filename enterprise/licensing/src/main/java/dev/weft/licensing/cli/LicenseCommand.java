package dev.weft.licensing.cli;

import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "license",
    mixinStandardHelpOptions = true,
    description = "The enterprise license key: WEFT_LICENSE (the key) or WEFT_LICENSE_FILE.",
    subcommands = LicenseShowCommand.class)
final class LicenseCommand implements Runnable {
  @Spec CommandSpec spec;

  final Map<String, String> environment;
  final Clock clock;

  LicenseCommand(Map<String, String> environment, Clock clock) {
    this.environment = environment;
    this.clock = clock;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required: show");
  }
}
