package dev.weft.cli.plugin;

import dev.weft.spi.Availability;

/** {@code weft boom}: a plugin with a bug, throwing a two-line message. */
public final class BoomCommand extends TestCommand {
  public BoomCommand() {
    super(
        "boom",
        0,
        Availability.AVAILABLE,
        "Fail with an exception",
        (args, context) -> {
          context.out().print("partial output");
          throw new IllegalStateException("kaboom\nsecond line");
        });
  }
}
