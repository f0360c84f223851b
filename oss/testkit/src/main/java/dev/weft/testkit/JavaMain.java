package dev.weft.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs a class's {@code main} in a JVM of its own, on the running JDK and the
 * running test's class path: for tests that need a real process (signals, exit codes, stderr).
 */
public final class JavaMain {
  private JavaMain() {}

  /** {@code java -cp <class path> <main> <args>}. */
  public static List<String> command(Class<?> main, String... args) {
    return command(List.of(), main, args);
  }

  /** {@code java <jvmOptions> -cp <class path> <main> <args>}. */
  public static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }
}
