package dev.weft.cli.plugin;

import dev.weft.spi.Availability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code weft echo-args}: prints each argument in brackets, one per line; {@code exit N} returns N,
 * {@code cat} copies stdin to stdout, {@code env NAME} prints a variable of the environment.
 */
public final class EchoCommand extends TestCommand {
  public EchoCommand() {
    super(
        "echo-args",
        0,
        Availability.AVAILABLE,
        "Print the arguments it is given",
        (args, context) -> {
          if (args.size() == 2 && args.get(0).equals("exit")) {
            return Integer.parseInt(args.get(1));
          }
          if (args.equals(java.util.List.of("cat"))) {
            try {
              context.out().print(new String(context.in().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            return 0;
          }
          if (args.size() == 2 && args.get(0).equals("env")) {
            context.out().println(context.environment().get(args.get(1)));
            return 0;
          }
          args.forEach(a -> context.out().println("[" + a + "]"));
          context.err().println("echoed " + args.size() + " — done");
          return 0;
        });
  }
}
