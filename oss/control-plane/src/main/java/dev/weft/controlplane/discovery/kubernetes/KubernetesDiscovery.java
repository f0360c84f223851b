package dev.weft.controlplane.discovery.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.weft.api.destination.v1.ServicePolicy;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.ServiceEndpoint;
import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.ServiceSnapshot;
import dev.weft.controlplane.fleet.Fleet;
import dev.weft.controlplane.fleet.ProxyPod;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Kubernetes mode's discovery source: Services, EndpointSlices, Pods and Nodes, plus GAMMA
 * HTTPRoutes and GRPCRoutes and Weft's ServicePolicies, all through informers across namespaces.
 *
 * <p>Informer callbacks only mark which Services changed; one thread recomputes those from the
 * informers' caches and publishes them. So a burst of events (a rollout) costs one recompute per
 * Service, and the snapshots of a Service are always computed in order.
 *
 * <p>Every port of a Service is a service {@code svc.ns.svc.DOMAIN:port}, also answering as {@code
 * CLUSTER_IP:port} (an alias) for proxies that only know a connection's original destination. The
 * Gateway API and ServicePolicy CRDs are optional: without them Services simply have no routes, or
 * the proxies' default budget, accrual and balancer.
 */
public final class KubernetesDiscovery implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KubernetesDiscovery.class);
  private static final String BY_SERVICE = "service";
  private static final String ALL = "*";

  private final DiscoveryIndex index;
  private final String clusterDomain;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Node> nodes;
  private final List<SharedIndexInformer<? extends HasMetadata>> routes = new ArrayList<>();
  private final EndpointTranslator endpoints;
  private final RouteTranslator translator;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("weft-discovery-k8s").factory());
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Map<String, Set<ServiceName>> published = new HashMap<>();
  private final Map<String, List<String>> routeErrors = new ConcurrentHashMap<>();
  private final Map<String, Map<ServiceName, ServiceName>> publishedAliases = new HashMap<>();
  private final ServicePolicies policies;
  private volatile boolean synced;

  private KubernetesDiscovery(
      KubernetesClient client, DiscoveryIndex index, String clusterDomain, String trustDomain) {
    this.index = index;
    this.clusterDomain = clusterDomain;
    this.services = client.services().inAnyNamespace().runnableInformer(0);
    this.slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
    this.pods = client.pods().inAnyNamespace().runnableInformer(0);
    this.nodes = client.nodes().runnableInformer(0);
    this.endpoints =
        new EndpointTranslator(
            trustDomain, key -> pods.getIndexer().getByKey(key), nodes.getIndexer()::getByKey);
    this.translator = new RouteTranslator(clusterDomain);
    slices.addIndexers(Map.of(BY_SERVICE, KubernetesDiscovery::sliceService));
    services.addEventHandler(handler(s -> List.of(key(s))));
    slices.addEventHandler(handler(KubernetesDiscovery::sliceService));
    // A pod's annotation or labels reach every Service of its namespace; a node's zone, all.
    pods.addEventHandler(handler(p -> List.of(p.getMetadata().getNamespace() + "/" + ALL)));
    nodes.addEventHandler(handler(n -> List.of(ALL)));
    routes.add(routeInformer(client, HTTPRoute.class));
    routes.add(routeInformer(client, GRPCRoute.class));
    this.policies =
        new ServicePolicies(client, this::mark, key -> services.getStore().getByKey(key) != null);
    index.describeAbsence(name -> "no Service port " + name + " in the cluster");
  }

  /**
   * Starts the informers; the index is marked synced once the core ones have listed (Watch answers
   * UNAVAILABLE until then). Returns at once.
   */
  public static KubernetesDiscovery start(
      KubernetesClient client, DiscoveryIndex index, String clusterDomain, String trustDomain) {
    KubernetesDiscovery discovery =
        new KubernetesDiscovery(
            requireNonNull(client, "client"),
            requireNonNull(index, "index"),
            requireNonNull(clusterDomain, "clusterDomain"),
            requireNonNull(trustDomain, "trustDomain"));
    discovery.startInformers();
    return discovery;
  }

  /** Routes and ServicePolicies skipped and why, each naming the object and field. */
  public List<String> errors() {
    List<String> errors = new ArrayList<>(policies.errors());
    routeErrors.values().forEach(errors::addAll);
    return errors.stream().sorted().toList();
  }

  /** True once Services, EndpointSlices, Pods and Nodes have been listed. */
  public boolean synced() {
    return synced;
  }

  /** The meshed pods and their workloads, from the pod informer's cache. */
  public Fleet fleet() {
    return KubernetesFleet.of(pods.getStore().list());
  }

  /** The meshed pods running now, with their workload, proxy image and zone. */
  public List<ProxyPod> proxyPods() {
    return KubernetesFleet.pods(pods.getStore().list());
  }

  @Override
  public void close() {
    services.close();
    slices.close();
    pods.close();
    nodes.close();
    routes.forEach(SharedIndexInformer::close);
    policies.close();
    worker.shutdownNow();
  }

  private void startInformers() {
    List<CompletableFuture<Void>> core = new ArrayList<>();
    for (SharedIndexInformer<?> informer : List.of(services, slices, pods, nodes)) {
      core.add(informer.start().toCompletableFuture());
    }
    List<CompletableFuture<Void>> optional = new ArrayList<>();
    for (SharedIndexInformer<? extends HasMetadata> informer : routes) {
      optional.add(
          informer
              .start()
              .toCompletableFuture()
              .exceptionally(e -> {
                // Most clusters have no Gateway API CRDs: that means no routes, not no mesh.
                LOG.infof(
                    "Not reading %s (Gateway API CRDs absent or not readable): %s; services"
                        + " have no routes from them",
                    informer.getApiTypeClass().getSimpleName(), e.getMessage());
                informer.stop();
                return null;
              }));
    }
    optional.add(policies.start());
    CompletableFuture.allOf(core.toArray(CompletableFuture[]::new))
        .thenCompose(v -> CompletableFuture.allOf(optional.toArray(CompletableFuture[]::new)))
        .whenComplete((v, e) -> {
          if (e != null) {
            LOG.errorf(
                "Cannot list Services, EndpointSlices, Pods or Nodes (check RBAC): %s",
                e.getMessage());
            return;
          }
          worker.execute(() -> {
            synced = true;
            dirty.add(ALL);
            recomputeDirty();
            index.markSynced();
            LOG.infof("Kubernetes discovery synced: %d service port(s)", index.size());
          });
        });
  }

  private <T extends HasMetadata> SharedIndexInformer<T> routeInformer(
      KubernetesClient client, Class<T> type) {
    SharedIndexInformer<T> informer = client.resources(type).inAnyNamespace().runnableInformer(0);
    informer.addEventHandler(
        handler(route -> {
          List<String> keys = new ArrayList<>();
          keys.add("route:" + route.getKind() + "/" + key(route));
          RouteTranslator.parents(route).forEach(p -> keys.add(p.key()));
          return keys;
        }));
    informer.addIndexers(
        Map.of(
            BY_SERVICE,
            route ->
                RouteTranslator.parents(route).stream()
                    .map(TranslatedRoute.ParentService::key)
                    .distinct()
                    .toList()));
    return informer;
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, List<String>> keys) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        mark(keys.apply(object));
      }

      @Override
      public void onUpdate(T old, T object) {
        mark(keys.apply(old));
        mark(keys.apply(object));
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        mark(keys.apply(object));
      }
    };
  }

  private void mark(List<String> keys) {
    dirty.addAll(keys);
    if (synced && scheduled.compareAndSet(false, true)) {
      worker.execute(() -> {
        scheduled.set(false);
        recomputeDirty();
      });
    }
  }

  private void recomputeDirty() {
    List<String> keys = new ArrayList<>(dirty);
    dirty.removeAll(keys);
    Set<String> serviceKeys = new java.util.TreeSet<>();
    for (String key : keys) {
      if (key.startsWith("route:")) {
        routeChanged(key.substring("route:".length()));
      } else if (key.startsWith(ServicePolicies.KEY_PREFIX)) {
        serviceKeys.addAll(policies.changed(key.substring(ServicePolicies.KEY_PREFIX.length())));
      } else if (key.equals(ALL)) {
        serviceKeys.addAll(published.keySet());
        services.getStore().list().forEach(s -> serviceKeys.add(key(s)));
      } else if (key.endsWith("/" + ALL)) {
        String namespace = key.substring(0, key.length() - 2);
        services.getStore().list().stream()
            .filter(s -> s.getMetadata().getNamespace().equals(namespace))
            .forEach(s -> serviceKeys.add(key(s)));
      } else {
        serviceKeys.add(key);
      }
    }
    for (String key : serviceKeys) {
      try {
        recompute(key);
      } catch (RuntimeException e) {
        // One odd object must not stop discovery of the others.
        LOG.errorf(e, "Cannot compute Service %s", key);
      }
    }
  }

  private void routeChanged(String kindAndKey) {
    int slash = kindAndKey.indexOf('/');
    String kind = kindAndKey.substring(0, slash);
    String key = kindAndKey.substring(slash + 1);
    HasMetadata route = null;
    for (SharedIndexInformer<? extends HasMetadata> informer : routes) {
      if (informer.getApiTypeClass().getSimpleName().equals(kind)) {
        route = informer.getStore().getByKey(key);
      }
    }
    List<String> errors = route == null ? List.of() : translator.translate(route).errors();
    List<String> previous =
        errors.isEmpty() ? routeErrors.remove(kindAndKey) : routeErrors.put(kindAndKey, errors);
    if (!errors.equals(Objects.requireNonNullElse(previous, List.of()))) {
      if (errors.isEmpty()) {
        LOG.infof("%s %s: valid now", kind, key);
      }
      errors.forEach(error -> LOG.errorf("%s (this route is skipped)", error));
    }
  }

  private void recompute(String key) {
    Service service = services.getStore().getByKey(key);
    ServicePolicy settings = policies.settle(key);
    Map<ServiceName, ServiceSnapshot> now = new LinkedHashMap<>();
    Map<ServiceName, ServiceName> aliases = new HashMap<>();
    if (service != null
        && service.getSpec() != null
        && !"ExternalName".equals(service.getSpec().getType())
        && service.getSpec().getPorts() != null) {
      String namespace = service.getMetadata().getNamespace();
      String name = service.getMetadata().getName();
      List<EndpointSlice> serviceSlices = slices.getIndexer().byIndex(BY_SERVICE, key);
      List<TranslatedRoute> serviceRoutes = routes(key);
      Map<String, String> labels = Map.of("service", name, "namespace", namespace);
      // For extensions choosing a default balancer per Service; an annotation change is a
      // change of the snapshot, so watchers hear of it and the choice is made again.
      Map<String, String> annotations = annotations(service);
      for (ServicePort port : service.getSpec().getPorts()) {
        if (port.getPort() == null || "UDP".equals(port.getProtocol())) {
          continue;
        }
        ServiceName serviceName =
            new ServiceName(name + "." + namespace + ".svc." + clusterDomain, port.getPort());
        List<ServiceEndpoint> found = endpoints.endpoints(namespace, port, serviceSlices);
        now.put(
            serviceName,
            ServiceSnapshot.of(
                serviceName,
                found,
                policy(namespace, name, port.getPort(), serviceRoutes, settings),
                labels,
                annotations));
        for (String ip : clusterIps(service)) {
          ServiceName alias = alias(ip, port.getPort());
          if (alias != null) {
            aliases.put(alias, serviceName);
          }
        }
      }
    }
    for (ServiceSnapshot snapshot : now.values()) {
      index.publish(snapshot);
    }
    Map<ServiceName, ServiceName> before = publishedAliases.getOrDefault(key, Map.of());
    aliases.forEach(index::alias);
    before.forEach((alias, target) -> {
      if (!target.equals(aliases.get(alias))) {
        index.unalias(alias, target);
      }
    });
    if (aliases.isEmpty()) {
      publishedAliases.remove(key);
    } else {
      publishedAliases.put(key, Map.copyOf(aliases));
    }
    for (ServiceName gone : published.getOrDefault(key, Set.of())) {
      if (!now.containsKey(gone)) {
        index.remove(gone);
      }
    }
    if (now.isEmpty()) {
      published.remove(key);
    } else {
      published.put(key, Set.copyOf(now.keySet()));
    }
  }

  /** The valid routes attached to Service {@code key}, oldest first as Gateway API orders ties. */
  private List<TranslatedRoute> routes(String key) {
    List<HasMetadata> attached = new ArrayList<>();
    for (SharedIndexInformer<? extends HasMetadata> informer : routes) {
      if (informer.isRunning()) {
        attached.addAll(informer.getIndexer().byIndex(BY_SERVICE, key));
      }
    }
    attached.sort(
        Comparator.comparing((HasMetadata r) ->
                Objects.requireNonNullElse(r.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(KubernetesDiscovery::key));
    List<TranslatedRoute> valid = new ArrayList<>();
    for (HasMetadata route : attached) {
      TranslatedRoute translated = translator.translate(route);
      if (translated.errors().isEmpty()) {
        valid.add(translated);
      }
    }
    return valid;
  }

  /**
   * The routes attached to one Service port, with the budget, accrual and balancer of the Service's
   * ServicePolicy ({@code settings}, or null).
   */
  private static ServicePolicy policy(
      String namespace,
      String name,
      int port,
      List<TranslatedRoute> routes,
      ServicePolicy settings) {
    ServicePolicy.Builder policy = ServicePolicy.newBuilder();
    List<String> sources = new ArrayList<>();
    for (TranslatedRoute route : routes) {
      if (route.appliesTo(namespace, name, port)) {
        policy.addAllRoutes(route.routes());
        sources.add(route.source());
      }
    }
    if (settings != null) {
      if (settings.hasRetryBudget()) {
        policy.setRetryBudget(settings.getRetryBudget());
      }
      if (settings.hasFailureAccrual()) {
        policy.setFailureAccrual(settings.getFailureAccrual());
      }
      policy
          .setBalancer(settings.getBalancer())
          .putAllBalancerConfig(settings.getBalancerConfigMap());
      sources.add(settings.getSource());
    }
    policy.setSource(
        sources.isEmpty() ? "Service " + namespace + "/" + name : String.join(", ", sources));
    return policy.build();
  }

  /** The Service's annotations, without null values (which no API server stores anyway). */
  private static Map<String, String> annotations(Service service) {
    Map<String, String> annotations = service.getMetadata().getAnnotations();
    Map<String, String> copy = new HashMap<>();
    if (annotations != null) {
      annotations.forEach((k, v) -> {
        if (k != null && v != null) {
          copy.put(k, v);
        }
      });
    }
    return Map.copyOf(copy);
  }

  /** The Service's cluster IPs (both families when dual-stack); none when headless. */
  private static List<String> clusterIps(Service service) {
    List<String> ips = service.getSpec().getClusterIPs();
    if (ips == null || ips.isEmpty()) {
      ips =
          service.getSpec().getClusterIP() == null
              ? List.of()
              : List.of(service.getSpec().getClusterIP());
    }
    return ips.stream().filter(ip -> !ip.isEmpty() && !"None".equals(ip)).toList();
  }

  /** {@code IP:port}, IPv6 in brackets, as a proxy writes an original destination; null if odd. */
  private static ServiceName alias(String ip, int port) {
    try {
      return new ServiceName(ip.contains(":") ? "[" + ip + "]" : ip, port);
    } catch (IllegalArgumentException e) {
      return null; // not an address a connection could have been sent to
    }
  }

  /** The Service an EndpointSlice belongs to, as {@code ns/name}; empty for a stray slice. */
  private static List<String> sliceService(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    String service = labels == null ? null : labels.get("kubernetes.io/service-name");
    return service == null
        ? List.of()
        : List.of(slice.getMetadata().getNamespace() + "/" + service);
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
