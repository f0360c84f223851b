package dev.weft.cli.plugin;

import dev.weft.spi.Availability;
import dev.weft.spi.cli.CliCommandProvider;
import dev.weft.spi.cli.CliContext;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A plugin command for tests, registered in this module's test {@code META-INF/services}: each
 * subclass fixes its name, priority, availability and what it does.
 */
public abstract class TestCommand implements CliCommandProvider {
  private final String name;
  private final int priority;
  private final Availability availability;
  private final String description;
  private final BiFunction<List<String>, CliContext, Integer> body;

  protected TestCommand(
      String name,
      int priority,
      Availability availability,
      String description,
      BiFunction<List<String>, CliContext, Integer> body) {
    this.name = name;
    this.priority = priority;
    this.availability = availability;
    this.description = description;
    this.body = body;
  }

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
    return availability;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public int run(List<String> args, CliContext context) {
    return body.apply(args, context);
  }
}
