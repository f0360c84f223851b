package dev.weft.cli.inject;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where inject and uninject read manifests: {@code -f} as kubectl takes it, or positionally. */
final class ManifestInput {
  @Option(
      names = {"-f", "--filename"},
      paramLabel = "FILE|DIR|-",
      description =
          "Manifest file, directory (its .yaml, .yml, .json files) or - for stdin;"
              + " repeatable.")
  List<String> filenames = new ArrayList<>();

  @Parameters(paramLabel = "FILE|DIR|-", arity = "0..*", description = "Same as -f.")
  List<String> positional = new ArrayList<>();

  /** Every input named, in order; stdin when none is. */
  List<String> all() {
    List<String> all = new ArrayList<>(filenames);
    all.addAll(positional);
    return all.isEmpty() ? List.of("-") : all;
  }
}
