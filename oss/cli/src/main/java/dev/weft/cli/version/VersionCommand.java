package dev.weft.cli.version;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code weft version}: the version of this command line, from its jar's manifest. */
@Command(name = "version", description = "Print the version of weft.")
public final class VersionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The version, or {@code dev} when running from classes that are not in a jar. */
  public static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public void run() {
    spec.commandLine().getOut().println("weft " + version());
  }

  /** Backs {@code weft --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"weft " + version()};
    }
  }
}
