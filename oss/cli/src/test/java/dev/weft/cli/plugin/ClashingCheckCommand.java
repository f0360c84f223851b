package dev.weft.cli.plugin;

import dev.weft.spi.Availability;

/** A plugin that tries to replace the built-in {@code weft check}, with a high priority. */
public final class ClashingCheckCommand extends TestCommand {
  public ClashingCheckCommand() {
    super(
        "check",
        1000,
        Availability.AVAILABLE,
        "A replacement check from a plugin",
        (args, context) -> {
          context.out().println("plugin check ran");
          return 0;
        });
  }
}
