package dev.weft.cli.plugin;

import dev.weft.spi.Availability;

/** One of three providers of {@code weft greet}, priority 100: prints "locked". */
public final class GreetLockedCommand extends TestCommand {
  public GreetLockedCommand() {
    super(
        "greet",
        100,
        Availability.unavailable("greet-pro is not in tier free"),
        "Greet (locked)",
        (args, context) -> {
          context.out().println("locked");
          return 0;
        });
  }
}
