package dev.weft.cli.plugin;

import dev.weft.spi.Availability;

/** {@code weft locked}: an enterprise command without a license; it must never run. */
public final class LockedCommand extends TestCommand {
  public LockedCommand() {
    super(
        "locked",
        0,
        Availability.unavailable("license missing: no WEFT_LICENSE"),
        "Show what the license entitles",
        (args, context) -> {
          throw new AssertionError("an unavailable command ran");
        });
  }
}
