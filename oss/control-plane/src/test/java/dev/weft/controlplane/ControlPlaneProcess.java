package dev.weft.controlplane;

import dev.weft.testkit.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code bin/weft-control-plane} run as a real process, its output collected line by line. */
final class ControlPlaneProcess implements AutoCloseable {
  private static final Pattern IDENTITY =
      Pattern.compile("Identity gRPC listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern HTTP =
      Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ControlPlaneProcess(Process process) {
    this.process = process;
    this.reader =
        Thread.ofVirtual()
            .start(() -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
              }
            });
  }

  /** Starts the launcher from the repository root with free ports and text logs. */
  static ControlPlaneProcess start(Path stateDir) throws IOException {
    Path repository =
        Path.of(System.getProperty("weft.repository", "../..")).toAbsolutePath().normalize();
    List<String> command = new ArrayList<>();
    command.add(repository.resolve("bin/weft-control-plane").toString());
    command.addAll(
        List.of(
            "--state-dir", stateDir.toString(),
            "--http-port", "0",
            "--identity-port", "0",
            "--log-format", "text"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("WEFT_CONTROL_PLANE_NO_BUILD", "1");
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder
        .environment()
        .put(
            "WEFT_CONTROL_PLANE_JAR",
            Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
    return new ControlPlaneProcess(builder.start());
  }

  /** Waits for both listening lines and returns {http port, identity port}. */
  int[] awaitListening() {
    Await.until(
        () -> find(HTTP).isPresent() && find(IDENTITY).isPresent() || !process.isAlive(),
        "the control plane logged where it listens");
    if (find(HTTP).isEmpty() || find(IDENTITY).isEmpty()) {
      throw new AssertionError("the control plane exited before listening:\n" + output());
    }
    return new int[] {find(HTTP).orElseThrow(), find(IDENTITY).orElseThrow()};
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the control plane did not exit:\n" + output());
    }
    Await.until(() -> !reader.isAlive(), "the output read to its end");
    return process.exitValue();
  }

  String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: Quarkus shuts down and releases the state directory's lock
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private Optional<Integer> find(Pattern pattern) {
    for (String line : lines) {
      Matcher matcher = pattern.matcher(line);
      if (matcher.find()) {
        return Optional.of(Integer.parseInt(matcher.group(1)));
      }
    }
    return Optional.empty();
  }
}
