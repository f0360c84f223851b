package dev.weft.cli.up;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A checkout whose control plane, proxy and demo services are small Python stand-ins (see {@code
 * src/test/resources/fake}): each writes its pid to {@code pids/NAME.pid}, and fails at start when
 * a file {@code fail-NAME} exists.
 */
record FakeInstallation(Path root) {
  static FakeInstallation create(Path dir) throws IOException {
    Path root = dir.resolve("checkout");
    Files.createDirectories(root.resolve("bin"));
    Files.createDirectories(root.resolve("pids"));
    for (String name : List.of("weft-control-plane", "weft-proxy", "weft-demo")) {
      Path target = root.resolve("bin").resolve(name);
      try (InputStream in = FakeInstallation.class.getResourceAsStream("/fake/" + name)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      target.toFile().setExecutable(true);
    }
    return new FakeInstallation(root);
  }

  Installation installation() {
    return new Installation(
        root,
        root.resolve("bin/weft-control-plane"),
        root.resolve("bin/weft-proxy"),
        List.of("python3", root.resolve("bin/weft-demo").toString()));
  }

  void failAtStart(String name) throws IOException {
    Files.writeString(root.resolve("fail-" + name), "");
  }

  /** The pid a stand-in wrote, or -1 when it has not started. */
  long pid(String name) {
    try {
      return Long.parseLong(
          Files.readString(root.resolve("pids").resolve(name + ".pid"), StandardCharsets.UTF_8)
              .strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** Every stand-in that started and is still running, by name. */
  List<String> running() {
    try (var files = Files.list(root.resolve("pids"))) {
      return files
          .map(p -> p.getFileName().toString().replace(".pid", ""))
          .filter(n -> ProcessHandle.of(pid(n)).map(ProcessHandle::isAlive).orElse(false))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
