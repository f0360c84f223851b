package dev.weft.kubernetes;

import dev.weft.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A control plane or proxy started through its launcher in {@code bin/}, its output in a file.
 * Closing it stops exactly this process (the launchers {@code exec} the JVM): SIGTERM, then a hard
 * kill if it has not exited within half a minute.
 */
final class MeshProcess implements AutoCloseable {
  /** A cold JVM start on a busy two-core machine. */
  static final Duration START = Duration.ofMinutes(2);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;

  private MeshProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Runs {@code bin/LAUNCHER args} from the checkout, with this JVM's Java and no Maven builds. */
  static MeshProcess start(
      Path root, Path dir, String launcher, List<String> args, Map<String, String> env)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin").resolve(launcher).toString());
    command.addAll(args);
    Path log = dir.resolve(launcher + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("WEFT_CONTROL_PLANE_NO_BUILD", "1");
    builder.environment().put("WEFT_PROXY_NO_BUILD", "1");
    builder.environment().putAll(env);
    return new MeshProcess(launcher, builder.start(), log);
  }

  /** Waits for a line matching {@code pattern} and returns its first group. */
  String await(Pattern pattern) throws Exception {
    Await.until(
        START,
        () -> !process.isAlive() || find(pattern) != null,
        () -> name + " to log /" + pattern + "/; it logged:\n" + output());
    String found = find(pattern);
    if (found == null) {
      throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
    }
    return found;
  }

  /** Waits until {@code url} answers 200 (a readiness endpoint). */
  void awaitOk(String url) throws Exception {
    Await.until(
        START,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(name + " exited:\n" + output());
          }
          return status(url) == 200;
        },
        () -> url + " to answer 200; " + name + " logged:\n" + output());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (Exception e) {
      return "(no output: " + e + ")";
    }
  }

  private String find(Pattern pattern) {
    Matcher m = pattern.matcher(output());
    return m.find() ? m.group(1) : null;
  }

  private static int status(String url) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1; // not listening yet
    }
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
