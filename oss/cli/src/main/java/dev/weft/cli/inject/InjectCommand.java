package dev.weft.cli.inject;

import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weft inject}: marks the workloads of manifests for the proxy injector, offline. The
 * webhook does the injecting when the pods are created; this only adds annotations.
 */
@Command(
    name = "inject",
    mixinStandardHelpOptions = true,
    description = {
      "Add weft.dev/inject: enabled (and config.weft.dev/* overrides) to the pod templates of"
          + " the workloads in Kubernetes manifests, and print them.",
      "Example: kubectl get deploy -n shop -o yaml | weft inject - | kubectl apply -f -"
    })
public final class InjectCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ManifestInput input;

  @Option(
      names = "--opaque-ports",
      paramLabel = "PORTS",
      description =
          "Ports whose traffic is"
              + " relayed as opaque TCP, e.g. 25,3306,9000-9100 (config.weft.dev/opaque-ports).")
  String opaquePorts;

  @Option(
      names = "--skip-inbound-ports",
      paramLabel = "PORTS",
      description =
          "Inbound ports not" + " redirected to the proxy (config.weft.dev/skip-inbound-ports).")
  String skipInboundPorts;

  @Option(
      names = "--skip-outbound-ports",
      paramLabel = "PORTS",
      description =
          "Outbound ports" + " not redirected to the proxy (config.weft.dev/skip-outbound-ports).")
  String skipOutboundPorts;

  @Option(
      names = "--proxy-log-level",
      paramLabel = "LEVEL",
      description = "error, warn, info," + " debug or trace (config.weft.dev/proxy-log-level).")
  String proxyLogLevel;

  @Option(
      names = "--sidecar-mode",
      paramLabel = "MODE",
      description = "native or classic" + " (config.weft.dev/sidecar-mode).")
  String sidecarMode;

  @Option(
      names = "--detect-timeout",
      paramLabel = "DURATION",
      description =
          "Protocol detection" + " timeout, e.g. 10s or 500ms (config.weft.dev/detect-timeout).")
  String detectTimeout;

  @Option(names = "--proxy-cpu-request", paramLabel = "QUANTITY", description = "e.g. 100m.")
  String cpuRequest;

  @Option(names = "--proxy-cpu-limit", paramLabel = "QUANTITY", description = "e.g. 1.")
  String cpuLimit;

  @Option(names = "--proxy-memory-request", paramLabel = "QUANTITY", description = "e.g. 64Mi.")
  String memoryRequest;

  @Option(names = "--proxy-memory-limit", paramLabel = "QUANTITY", description = "e.g. 128Mi.")
  String memoryLimit;

  @Option(
      names = "--manual",
      description =
          "Add the proxy and its init container now, as the injector would, instead of marking"
              + " the workloads for it (for clusters without the webhook).")
  boolean manual;

  @Option(
      names = "--proxy-config",
      paramLabel = "FILE",
      description =
          "With --manual: the injector's proxy.json (as in ConfigMap weft-config); default: the"
              + " built-in defaults.")
  Path proxyConfig;

  @Override
  public Integer call() {
    Map<String, String> overrides = new LinkedHashMap<>();
    Overrides o = new Overrides(spec.commandLine(), overrides);
    o.ports("opaque-ports", "--opaque-ports", opaquePorts);
    o.ports("skip-inbound-ports", "--skip-inbound-ports", skipInboundPorts);
    o.ports("skip-outbound-ports", "--skip-outbound-ports", skipOutboundPorts);
    o.oneOf("proxy-log-level", "--proxy-log-level", proxyLogLevel, Overrides.LOG_LEVELS);
    o.oneOf("sidecar-mode", "--sidecar-mode", sidecarMode, Overrides.SIDECAR_MODES);
    o.duration("detect-timeout", "--detect-timeout", detectTimeout);
    o.quantity("proxy-cpu-request", "--proxy-cpu-request", cpuRequest);
    o.quantity("proxy-cpu-limit", "--proxy-cpu-limit", cpuLimit);
    o.quantity("proxy-memory-request", "--proxy-memory-request", memoryRequest);
    o.quantity("proxy-memory-limit", "--proxy-memory-limit", memoryLimit);
    if (proxyConfig != null && !manual) {
      throw new CliException(
          ExitCodes.USAGE, "--proxy-config only applies with --manual", "add --manual or drop it");
    }
    TemplateEdit edit =
        manual
            ? new ManualInjectEdit(ManualInjectEdit.config(proxyConfig), overrides)
            : new InjectEdit(overrides);
    return ManifestRun.run(spec, input, edit);
  }
}
