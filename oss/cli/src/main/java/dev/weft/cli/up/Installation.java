package dev.weft.cli.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the programs {@code weft up} runs are: the launchers of the control plane and the proxy in
 * {@code bin/}, and the command that runs a demo service (the same JDK as this one, the demo jar).
 */
record Installation(
    Path root, Path controlPlaneLauncher, Path proxyLauncher, List<String> demoCommand) {
  /** Small heaps and a quick JIT: the demo services are tiny and share the machine with 5 JVMs. */
  static final List<String> DEMO_JVM_OPTIONS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms8m",
          "-Xmx64m",
          "-Xss512k",
          "-XX:TieredStopAtLevel=1",
          "-XX:-UsePerfData",
          "--enable-native-access=ALL-UNNAMED",
          "--sun-misc-unsafe-memory-access=allow");

  Installation {
    demoCommand = List.copyOf(demoCommand);
  }

  /**
   * The checkout this command runs from: the {@code weft.root} system property (set by {@code
   * bin/weft}), else the nearest directory above the working directory holding {@code
   * bin/weft-proxy}.
   */
  static Installation locate() throws UpException {
    String property = System.getProperty("weft.root");
    Path root = null;
    if (property != null && !property.isBlank()) {
      root = Path.of(property).toAbsolutePath().normalize();
    } else {
      for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("bin/weft-proxy"))) {
          root = p;
          break;
        }
      }
    }
    if (root == null) {
      throw new UpException(
          "cannot find the Weft checkout (a directory with bin/weft-proxy) above "
              + Path.of("").toAbsolutePath()
              + "; run bin/weft from the checkout");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> demo = new ArrayList<>();
    demo.add(java.toString());
    demo.addAll(DEMO_JVM_OPTIONS);
    demo.add("-jar");
    demo.add(root.resolve("oss/demo/target/weft-demo.jar").toString());
    return new Installation(
        root, root.resolve("bin/weft-control-plane"), root.resolve("bin/weft-proxy"), demo);
  }

  /** Fails naming the first program that is missing and how to get it. */
  void requirePrograms() throws UpException {
    requireExecutable(controlPlaneLauncher, "the control plane's launcher");
    requireExecutable(proxyLauncher, "the proxy's launcher");
    for (String arg : demoCommand) {
      if (arg.endsWith(".jar") && !Files.isRegularFile(Path.of(arg))) {
        throw new UpException(
            "the demo application's jar is missing: "
                + arg
                + " (bin/weft builds it; or run ./mvnw -B -pl oss/demo -am package -DskipTests)");
      }
    }
  }

  private static void requireExecutable(Path p, String what) throws UpException {
    if (!Files.isExecutable(p)) {
      throw new UpException(
          what + " is missing or not executable: " + p + " (is this a complete checkout of Weft?)");
    }
  }
}
