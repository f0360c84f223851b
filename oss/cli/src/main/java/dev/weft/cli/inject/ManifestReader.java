package dev.weft.cli.inject;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads manifests as {@code kubectl apply -f} takes them: files, directories (their {@code .yaml},
 * {@code .yml} and {@code .json} files, in name order, not recursively) or {@code -} for stdin;
 * each multi-document. Anything unparseable stops the command with exit code 4, naming the file and
 * line: a half-transformed output would be worse than none.
 */
final class ManifestReader {
  private final ObjectMapper yaml;
  private final InputStream stdin;

  ManifestReader(ObjectMapper yaml, InputStream stdin) {
    this.yaml = yaml;
    this.stdin = stdin;
  }

  List<Manifest> read(List<String> inputs) {
    List<Manifest> all = new ArrayList<>();
    for (String input : inputs) {
      if (input.equals("-")) {
        all.addAll(parse("<stdin>", readStdin()));
        continue;
      }
      Path path = Path.of(input);
      if (Files.isDirectory(path)) {
        for (Path file : filesIn(path)) {
          all.addAll(parse(file.toString(), readFile(file)));
        }
      } else if (Files.isRegularFile(path)) {
        all.addAll(parse(input, readFile(path)));
      } else {
        throw new CliException(
            ExitCodes.USAGE,
            input + ": no such file or directory",
            "pass manifest files, directories, or - for stdin");
      }
    }
    return all;
  }

  private List<Manifest> parse(String source, String text) {
    List<Manifest> docs = new ArrayList<>();
    try (JsonParser parser = yaml.getFactory().createParser(text);
        MappingIterator<JsonNode> it = yaml.readValues(parser, JsonNode.class)) {
      int index = 0;
      while (it.hasNextValue()) {
        JsonNode tree = it.nextValue();
        index++;
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
          continue; // an empty document, such as a trailing "---"
        }
        if (!tree.isObject()) {
          throw new CliException(
              ExitCodes.BAD_INPUT,
              source + ": document " + index + " is not a Kubernetes object (a " + kind(tree) + ")",
              "pass Kubernetes manifests (YAML or JSON objects)");
        }
        docs.add(new Manifest(source, index, tree));
      }
    } catch (JsonProcessingException e) {
      throw unparseable(source, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof JsonProcessingException jpe) {
        throw unparseable(source, jpe);
      }
      throw e;
    }
    return docs;
  }

  private static CliException unparseable(String source, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String line = at == null || at.getLineNr() < 1 ? "" : ": line " + at.getLineNr();
    String problem = e.getOriginalMessage().lines().findFirst().orElse("invalid YAML");
    return new CliException(
        ExitCodes.BAD_INPUT,
        source + line + ": cannot parse YAML (" + problem + ")",
        "fix the manifest (kubectl apply --dry-run=client -f FILE shows the same error)");
  }

  private static String kind(JsonNode tree) {
    return tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private String readStdin() {
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCodes.FAILED, "cannot read stdin (" + e + ")", "retry");
    }
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILED, file + ": cannot read it (" + e + ")", "check its permissions");
    }
  }

  private static List<Path> filesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().matches(".*\\.(yaml|yml|json)"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.FAILED, dir + ": cannot list it (" + e + ")", "check its permissions");
    }
  }
}
