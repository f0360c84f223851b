package dev.weft.cli.plugin;

import dev.weft.spi.Availability;

/** One of three providers of {@code weft greet}, priority 10: prints "high". */
public final class GreetHighCommand extends TestCommand {
  public GreetHighCommand() {
    super(
        "greet",
        10,
        Availability.AVAILABLE,
        "Greet (high)",
        (args, context) -> {
          context.out().println("high");
          return 0;
        });
  }
}
