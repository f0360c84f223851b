package dev.weft.cli.plugin;

import dev.weft.spi.Availability;

/** One of three providers of {@code weft greet}, priority 0: prints "low". */
public final class GreetLowCommand extends TestCommand {
  public GreetLowCommand() {
    super(
        "greet",
        0,
        Availability.AVAILABLE,
        "Greet (low)",
        (args, context) -> {
          context.out().println("low");
          return 0;
        });
  }
}
