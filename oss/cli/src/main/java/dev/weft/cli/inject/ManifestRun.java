package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What inject and uninject share: read every input first (so unparseable input leaves no partial
 * output), edit, write the documents to stdout in their order and a summary line per object to
 * stderr.
 */
final class ManifestRun {
  private ManifestRun() {}

  static int run(CommandSpec spec, ManifestInput input, TemplateEdit edit) {
    ObjectMapper yaml = ManifestFormat.yaml();
    List<Manifest> manifests = new ManifestReader(yaml, System.in).read(input.all());
    List<String> summary = new ManifestTransform(edit).apply(manifests);
    PrintWriter out = spec.commandLine().getOut();
    try (SequenceWriter writer = yaml.writer().writeValues(out)) {
      for (Manifest m : manifests) {
        writer.write(m.tree());
      }
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot write the manifests (" + e + ")", "retry");
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    summary.forEach(err::println);
    err.flush();
    return ExitCodes.OK;
  }
}
