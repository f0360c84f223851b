package dev.weft.cli.plugin;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import dev.weft.spi.cli.CliCommandProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

/**
 * {@code weft NAME ARGS...} for a command a plugin adds: hands the arguments, as typed, to the
 * provider the {@link CliCommandRegistry} selects when the command runs.
 */
public final class PluginCommand implements Callable<Integer> {
  private final String name;
  private final CliCommandRegistry registry;
  private final List<String> unmatched = new ArrayList<>();
  private CommandSpec spec;

  private PluginCommand(String name, CliCommandRegistry registry) {
    this.name = name;
    this.registry = registry;
  }

  /** Adds a subcommand to {@code cli} for each command of {@code registry}. */
  public static void addAll(CommandLine cli, CliCommandRegistry registry) {
    for (String name : registry.names()) {
      cli.addSubcommand(name, new PluginCommand(name, registry).spec());
    }
  }

  private CommandSpec spec() {
    spec = CommandSpec.wrapWithoutInspection(this);
    spec.name(name);
    spec.usageMessage().description(helpLine());
    spec.usageMessage().customSynopsis("weft " + name + " [ARGS...]");
    // No option or parameter of its own: everything after the name belongs to the plugin, so
    // "--help" and "-h" are the plugin's to answer too.
    spec.parser().stopAtUnmatched(true);
    spec.addUnmatchedArgsBinding(
        UnmatchedArgsBinding.forStringArrayConsumer(
            new ISetter() {
              @Override
              public <T> T set(T value) {
                unmatched.clear();
                if (value != null) {
                  unmatched.addAll(List.of((String[]) value));
                }
                return null;
              }
            }));
    return spec;
  }

  /** The line {@code weft --help} shows for this command. */
  private String helpLine() {
    CliCommandRegistry.Selection s = registry.select(name);
    String description;
    try {
      description = s.provider().description();
    } catch (RuntimeException e) {
      description = "(no description: " + e + ")";
    }
    return s.availability().available()
        ? description
        : description + " (unavailable: " + s.availability().reason() + ")";
  }

  @Override
  public Integer call() {
    CliCommandRegistry.Selection s = registry.select(name);
    if (!s.availability().available()) {
      throw new CliException(
          ExitCodes.FAILED,
          name + " is not available: " + s.availability().reason(),
          "fix that and run it again (the command comes from " + origin(s.provider()) + ")");
    }
    CommandLine cli = spec.commandLine();
    StreamContext context = new StreamContext(cli.getOut(), cli.getErr());
    try {
      return s.provider().run(arguments(cli), context);
    } catch (LinkageError e) {
      // A plugin jar built against another version, or missing a library: an Error, which the
      // usual handler would let through as a stack trace.
      throw new CliException(
          ExitCodes.FAILED,
          name + " failed: " + e,
          "check that " + origin(s.provider()) + " matches this weft's version");
    } finally {
      context.flush();
    }
  }

  /**
   * The arguments after the command's name exactly as typed. Picocli's own parsing would drop a
   * leading {@code --} and empty arguments and expand {@code @files}, which are the plugin's to
   * interpret; its unmatched list is only used when the name is not among the original arguments
   * (an {@code @file} given to {@code weft} itself).
   */
  private List<String> arguments(CommandLine cli) {
    List<String> original = cli.getParseResult().originalArgs();
    int at = original.indexOf(name);
    return at < 0 ? List.copyOf(unmatched) : List.copyOf(original.subList(at + 1, original.size()));
  }

  private static String origin(CliCommandProvider provider) {
    try {
      var source = provider.getClass().getProtectionDomain().getCodeSource();
      if (source != null && source.getLocation() != null) {
        return Path.of(source.getLocation().toURI()).getFileName()
            + " ("
            + provider.getClass().getName()
            + ")";
      }
    } catch (Exception | LinkageError e) {
      // Fall through to the class name, which is enough to find the jar.
    }
    return provider.getClass().getName();
  }
}
