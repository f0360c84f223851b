package dev.weft.cli.version;

import dev.weft.cli.kube.Kube;
import dev.weft.cli.kube.KubeOptions;
import dev.weft.cli.kube.ProxyConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft version}: the version of this command line, from its jar's manifest, and the mesh's
 * installed on the cluster (the {@code version} of proxy.json in ConfigMap {@code weft-config}). An
 * unreachable cluster is not an error here: the client's version is still worth printing.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the version of weft, and of the mesh installed on the cluster.")
public final class VersionCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin KubeOptions kube;

  @Option(names = "--client", description = "Print the client's version only.")
  boolean clientOnly;

  /** The version, or {@code dev} when running from classes that are not in a jar. */
  public static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (clientOnly) {
      out.println("weft " + version());
      return 0;
    }
    out.println("client: " + version());
    out.println("server: " + serverVersion());
    out.flush();
    return 0;
  }

  private String serverVersion() {
    try (KubernetesClient client = kube.connect()) {
      return ProxyConfig.read(client, kube.namespace()).version();
    } catch (IllegalStateException e) {
      return "unavailable (" + e.getMessage() + ")";
    } catch (RuntimeException e) {
      return "unavailable (" + Kube.reason(e) + ")";
    }
  }

  /** Backs {@code weft --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"weft " + version()};
    }
  }
}
