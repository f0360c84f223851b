package dev.weft.cli.install;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Renders a chart as {@code helm template} does, with Helm's engine (helm-java). */
final class ChartRenderer {
  private ChartRenderer() {}

  /**
   * Values apply in Helm's order: {@code valuesFiles}, then {@code sets}, then {@code setFiles}.
   */
  static String render(
      Path chart,
      String release,
      String namespace,
      List<Path> valuesFiles,
      List<SetValue> sets,
      Map<String, Path> setFiles)
      throws InstallException {
    TemplateCommand command = new Helm(chart).template().withName(release).withNamespace(namespace);
    for (Path f : valuesFiles) {
      command = command.withValuesFile(f);
    }
    for (SetValue s : sets) {
      command = command.set(s.key(), s.value());
    }
    for (Map.Entry<String, Path> f : setFiles.entrySet()) {
      command = command.setFile(f.getKey(), f.getValue());
    }
    try {
      String out = command.call();
      return out == null ? "" : out;
    } catch (IllegalStateException e) {
      throw refused(chart, e);
    }
  }

  /**
   * Helm's message (often several lines) as one line; schema and chart refusals are usage errors.
   */
  private static InstallException refused(Path chart, IllegalStateException e) {
    String message =
        String.join(
            " ",
            (e.getMessage() == null ? e.toString() : e.getMessage())
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList());
    String name = chart.getFileName().toString();
    boolean values =
        message.contains("values don't meet the specifications")
            || message.contains("execution error at")
            || message.contains("error calling fail");
    // Helm's preamble says nothing the sentence below does not; keep the part naming the field.
    message =
        message
            .replaceFirst(
                "values don't meet the specifications of the schema\\(s\\) in the following"
                    + " chart\\(s\\): \\S+: - ",
                "")
            .replace(" - at '", "; at '");
    return values
        ? new InstallException(
            InstallException.USAGE,
            "the "
                + name
                + " chart refused the values: "
                + message
                + ": fix them (values: helm/"
                + name
                + "/README.md)",
            e)
        : new InstallException(
            InstallException.FAILED,
            "cannot render the " + name + " chart: " + message + ": report it",
            e);
  }
}
