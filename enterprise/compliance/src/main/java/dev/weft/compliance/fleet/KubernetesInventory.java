package dev.weft.compliance.fleet;

import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import dev.weft.licensing.cluster.ClusterAccess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet as the API server shows it: every pod the injector gave a proxy (annotation {@value
 * #PROXY_ANNOTATION}, in all namespaces) and the control plane's pods (label {@value
 * #CONTROL_PLANE_LABEL}={@value #CONTROL_PLANE_NAME}, as the weft chart sets it). Images and their
 * digests come from the pods' container statuses; the API server holds no SBOMs.
 */
public final class KubernetesInventory implements FleetInventory {
  static final String PROXY_ANNOTATION = "weft.dev/proxy-version";
  static final String PROXY_CONTAINER = "weft-proxy";
  static final String CONTROL_PLANE_LABEL = "app.kubernetes.io/name";
  static final String CONTROL_PLANE_NAME = "weft-control-plane";
  static final String CONTROL_PLANE_CONTAINER = "control-plane";
  static final String VERSION_LABEL = "app.kubernetes.io/version";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}$");

  private final Path kubeconfig;
  private final String context;
  private final String namespace;
  private final List<String> warnings = new ArrayList<>();
  private String source = "the Kubernetes API";

  /**
   * @param namespace the control plane's namespace
   */
  public KubernetesInventory(Path kubeconfig, String context, String namespace) {
    this.kubeconfig = kubeconfig;
    this.context = context;
    this.namespace = namespace;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public List<FleetInstance> instances() {
    KubernetesClient client;
    try {
      client = ClusterAccess.connect(kubeconfig, context);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(Exits.USAGE, e.getMessage(), "see 'weft compliance sbom --help'");
    }
    try (client) {
      source = client.getMasterUrl().toString();
      List<FleetInstance> out = new ArrayList<>();
      for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
        String version = annotation(pod, PROXY_ANNOTATION);
        if (version != null && !finished(pod)) {
          out.add(instance(pod, "proxy", version, PROXY_CONTAINER));
        }
      }
      List<Pod> controlPlane =
          client
              .pods()
              .inNamespace(namespace)
              .withLabel(CONTROL_PLANE_LABEL, CONTROL_PLANE_NAME)
              .list()
              .getItems();
      for (Pod pod : controlPlane) {
        if (!finished(pod)) {
          out.add(instance(pod, "control-plane", null, CONTROL_PLANE_CONTAINER));
        }
      }
      if (controlPlane.isEmpty()) {
        warnings.add(
            "no control plane pod in namespace "
                + namespace
                + " (label "
                + CONTROL_PLANE_LABEL
                + "="
                + CONTROL_PLANE_NAME
                + "): give -n NAMESPACE where weft is installed");
      }
      return out;
    } catch (KubernetesClientException e) {
      if (e.getCode() > 0) {
        throw new CommandFailure(
            Exits.FAILED,
            "cannot list pods at " + source + " (" + ClusterAccess.reason(e) + ")",
            "check that this user may list pods in all namespaces (ServiceAccount weft-compliance"
                + " of weft-enterprise's compliance.inventory.enabled may)");
      }
      throw new CommandFailure(
          Exits.UNREACHABLE,
          "cannot reach the Kubernetes API at " + source + " (" + ClusterAccess.reason(e) + ")",
          "check that the cluster is up and --kubeconfig/--context select it");
    }
  }

  @Override
  public Optional<byte[]> sbom(String sha256) {
    return Optional.empty();
  }

  @Override
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  private static FleetInstance instance(
      Pod pod, String component, String version, String containerName) {
    Container container = container(pod, containerName);
    String image = container == null ? null : container.getImage();
    String digest = null;
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
        if (container != null
            && container.getName().equals(s.getName())
            && s.getImageID() != null) {
          Matcher m = DIGEST.matcher(s.getImageID());
          digest = m.find() ? m.group() : null;
        }
      }
    }
    if (version == null) {
      // The control plane: the tag it runs, else the chart's appVersion on its pods.
      version = tag(image);
      if (version == null) {
        version = label(pod, VERSION_LABEL);
      }
    }
    String[] owner = owner(pod);
    return new FleetInstance(
        component,
        pod.getMetadata().getName(),
        version,
        null,
        image,
        digest,
        null,
        false,
        pod.getMetadata().getNamespace(),
        owner[0],
        owner[1],
        label(pod, ZONE_LABEL),
        false);
  }

  private static Container container(Pod pod, String name) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return null;
    }
    List<Container> all = pod.getSpec().getContainers();
    return all.stream()
        .filter(c -> name.equals(c.getName()))
        .findFirst()
        .orElse(all.isEmpty() || PROXY_CONTAINER.equals(name) ? null : all.getFirst());
  }

  /** The tag of {@code registry/repo:tag[@digest]}, or null. */
  static String tag(String image) {
    if (image == null) {
      return null;
    }
    String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/') && colon < ref.length() - 1
        ? ref.substring(colon + 1)
        : null;
  }

  private static String annotation(Pod pod, String key) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }

  private static String label(Pod pod, String key) {
    Map<String, String> l = pod.getMetadata().getLabels();
    return l == null ? null : l.get(key);
  }

  private static boolean finished(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /**
   * {kind, name} as the control plane's fleet names a pod's workload: a Deployment through its
   * ReplicaSet's name, else the controller, else the pod.
   */
  private static String[] owner(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners != null) {
      for (OwnerReference owner : owners) {
        if (!Boolean.TRUE.equals(owner.getController())) {
          continue;
        }
        String hash = label(pod, "pod-template-hash");
        if ("ReplicaSet".equals(owner.getKind())
            && hash != null
            && owner.getName().endsWith("-" + hash)) {
          String name = owner.getName();
          return new String[] {"deployment", name.substring(0, name.length() - hash.length() - 1)};
        }
        return new String[] {owner.getKind().toLowerCase(Locale.ROOT), owner.getName()};
      }
    }
    return new String[] {"pod", pod.getMetadata().getName()};
  }
}
