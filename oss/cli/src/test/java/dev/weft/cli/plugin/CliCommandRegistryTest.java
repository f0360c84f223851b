package dev.weft.cli.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.spi.Availability;
import dev.weft.spi.cli.CliCommandProvider;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Which provider serves a plugin command's name, and which names are refused. */
class CliCommandRegistryTest {
  @Test
  void availabilityIsAskedOnEverySelection() {
    AtomicBoolean licensed = new AtomicBoolean(false);
    CliCommandProvider enterprise =
        provider(
            "report",
            10,
            () -> licensed.get() ? Availability.AVAILABLE : Availability.unavailable("no license"));
    CliCommandProvider open = provider("report", 0, () -> Availability.AVAILABLE);
    var registry = new CliCommandRegistry(List.of(enterprise, open), Set.of());

    assertSame(open, registry.select("report").provider());
    licensed.set(true);
    assertSame(enterprise, registry.select("report").provider());
  }

  @Test
  void withNoneAvailableTheHighestPriorityIsSelectedWithItsReason() {
    CliCommandProvider low = provider("x", 1, () -> Availability.unavailable("low reason"));
    CliCommandProvider high = provider("x", 5, () -> Availability.unavailable("high reason"));
    var s = new CliCommandRegistry(List.of(low, high), Set.of()).select("x");
    assertSame(high, s.provider());
    assertEquals("high reason", s.availability().reason());
  }

  @Test
  void theFirstFoundWinsATie() {
    CliCommandProvider first = provider("x", 3, () -> Availability.AVAILABLE);
    CliCommandProvider second = provider("x", 3, () -> Availability.AVAILABLE);
    assertSame(
        first, new CliCommandRegistry(List.of(first, second), Set.of()).select("x").provider());
  }

  @Test
  void builtInsBadNamesAndThrowingProvidersAreRefusedOrUnavailableNotFatal() {
    var registry =
        new CliCommandRegistry(
            List.of(
                provider("check", 0, () -> Availability.AVAILABLE),
                provider("Bad Name", 0, () -> Availability.AVAILABLE),
                provider(
                    "flaky",
                    0,
                    () -> {
                      throw new IllegalStateException("license file unreadable");
                    })),
            Set.of("check", "help"));
    assertEquals(Set.of("flaky"), registry.names());
    assertNull(registry.select("check"));
    assertEquals(
        "its availability check failed: java.lang.IllegalStateException: license file unreadable",
        registry.select("flaky").availability().reason());
  }

  private static CliCommandProvider provider(
      String name, int priority, java.util.function.Supplier<Availability> availability) {
    return new CliCommandProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int priority() {
        return priority;
      }

      @Override
      public Availability availability() {
        return availability.get();
      }

      @Override
      public String description() {
        return name;
      }

      @Override
      public int run(List<String> args, dev.weft.spi.cli.CliContext context) {
        return 0;
      }
    };
  }
}
