package dev.weft.proxy;

import dev.weft.proxy.config.ConfigException;
import dev.weft.proxy.config.ConfigLoader;
import dev.weft.proxy.config.ProxyConfig;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code weft-proxy}: reads the configuration, starts the proxy, and drains it on SIGTERM (the
 * JVM's shutdown hook runs the drain; the process exits when it is done).
 */
public final class ProxyMain {
  private ProxyMain() {}

  public static void main(String[] args) {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
    List<String> argv = Arrays.asList(args);
    if (argv.contains("--help") || argv.contains("-h")) {
      System.out.print(ConfigLoader.usage());
      return;
    }
    if (argv.contains("--version")) {
      String v = ProxyMain.class.getPackage().getImplementationVersion();
      System.out.println("weft-proxy " + (v == null ? "dev" : v));
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
    Proxy proxy;
    try {
      proxy = Proxy.start(config);
    } catch (Exception e) {
      System.err.println("weft-proxy: cannot start: " + describe(e));
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::shutdown, "weft-drain"));
    Logger.getLogger(ProxyMain.class.getName()).log(Level.INFO, "ready");
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
