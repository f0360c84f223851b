package dev.weft.proxy;

import dev.weft.proxy.config.ConfigException;
import dev.weft.proxy.config.ConfigLoader;
import dev.weft.proxy.config.ProxyConfig;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@code weft-proxy}: reads the configuration, starts the proxy, and drains it on SIGTERM (the
 * JVM's shutdown hook runs the drain; the process exits when it is done).
 */
public final class ProxyMain {
  private ProxyMain() {}

  public static void main(String[] args) {
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", DrainLogManager.class.getName());
    }
    List<String> argv = Arrays.asList(args);
    if (argv.contains("--help") || argv.contains("-h")) {
      System.out.print(ConfigLoader.usage());
      return;
    }
    if (argv.contains("--version")) {
      System.out.println("weft-proxy " + version());
      return;
    }
    ProxyConfig config;
    try {
      config = ConfigLoader.load(argv, System.getenv());
    } catch (ConfigException e) {
      System.err.println("weft-proxy: " + e.getMessage());
      System.exit(2);
      return;
    }
    if ((config.identity() != null || config.discovery().destination() != null)
        && !controlPlaneLibrariesPresent()) {
      System.err.println(
          "weft-proxy: "
              + (config.identity() != null ? "--identity-name" : "--destination-addr")
              + " needs the control-plane libraries (gRPC, protobuf) on the class path: start"
              + " the proxy with bin/weft-proxy, or with java -cp"
              + " weft-proxy.jar:lib/control-plane/* dev.weft.proxy.ProxyMain");
      System.exit(2);
      return;
    }
    applyLogLevel(config.logLevel());
    Proxy proxy;
    try {
      proxy = Proxy.start(config);
    } catch (ConfigException e) {
      System.err.println("weft-proxy: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      System.err.println("weft-proxy: cannot start: " + describe(e));
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::shutdown, "weft-drain"));
    DrainLogManager.keepHandlers = true;
    Logger.getLogger(ProxyMain.class.getName())
        .log(
            Level.INFO,
            proxy.isReady()
                ? "ready"
                : "started; ready once the control plane has certified "
                    + config.identity().name());
  }

  /**
   * The JDK's log manager closes every handler from a shutdown hook of its own, which runs
   * alongside the drain hook and silenced it: a SIGTERM drain logged nothing. Once the proxy runs,
   * this one ignores resets, so the drain is logged to its end.
   */
  public static final class DrainLogManager extends LogManager {
    static volatile boolean keepHandlers;

    @Override
    public void reset() {
      if (!keepHandlers) {
        super.reset();
      }
    }
  }

  /**
   * The proxy's version, from its jar's manifest; {@code dev} when it runs from classes (an IDE, a
   * test).
   */
  public static String version() {
    String v = ProxyMain.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** Sets the least severe records written, on the root logger and its handlers. */
  static void applyLogLevel(Level level) {
    Logger root = Logger.getLogger("");
    root.setLevel(level);
    for (java.util.logging.Handler h : root.getHandlers()) {
      h.setLevel(level);
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /**
   * Whether the libraries that talk to the control plane, kept off a plain proxy's class path, are
   * here.
   */
  private static boolean controlPlaneLibrariesPresent() {
    try {
      Class.forName("io.grpc.netty.NettyChannelBuilder", false, ProxyMain.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
