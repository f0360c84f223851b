package dev.weft.controlplane.discovery.kubernetes;

import dev.weft.api.destination.v1.ServicePolicy;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * ServicePolicy objects: which one applies to each Service, and why the others do not.
 *
 * <p>An object that becomes invalid keeps its last valid version in force (a typo must not drop a
 * Service's retry budget in the middle of an incident); its errors are reported until it is fixed
 * or deleted. Two policies on one Service: the oldest applies, the others are reported as
 * conflicts. A policy whose Service does not exist waits: it is not an error (manifests are applied
 * in any order), its status says so, and it applies when the Service appears.
 *
 * <p>Not thread-safe beyond the informer's callbacks: {@link #changed} and {@link #settle} run on
 * the discovery worker only.
 */
final class ServicePolicies implements AutoCloseable {
  static final String KEY_PREFIX = "policy:";
  static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(ServicePolicyTranslator.GROUP)
          .withVersion(ServicePolicyTranslator.VERSION)
          .withKind(ServicePolicyTranslator.KIND)
          .withPlural(ServicePolicyTranslator.PLURAL)
          .withNamespaced(true)
          .build();

  private static final Logger LOG = Logger.getLogger(ServicePolicies.class);
  private static final String BY_TARGET = "target";

  /** A valid version of an object, in force until a newer valid one or the object's deletion. */
  private record Applied(String key, String created, TranslatedServicePolicy policy) {}

  private final SharedIndexInformer<GenericKubernetesResource> informer;
  private final ServicePolicyTranslator translator = new ServicePolicyTranslator();
  private final Predicate<String> serviceExists;
  private final PolicyStatusWriter status;
  private final Map<String, Applied> lastGood = new ConcurrentHashMap<>();
  private final Map<String, List<String>> invalid = new ConcurrentHashMap<>();
  private final Map<String, Conflict> conflicts = new ConcurrentHashMap<>();

  private record Conflict(String target, String message) {}

  /**
   * @param mark told the keys to recompute: {@code policy:ns/name} for an object that changed
   * @param serviceExists whether Service {@code ns/name} exists now
   */
  ServicePolicies(
      KubernetesClient client, Consumer<List<String>> mark, Predicate<String> serviceExists) {
    this.informer = client.genericKubernetesResources(CONTEXT).inAnyNamespace().runnableInformer(0);
    this.serviceExists = serviceExists;
    this.status = new PolicyStatusWriter(client, CONTEXT);
    informer.addIndexers(
        Map.of(
            BY_TARGET,
            o -> {
              String target = ServicePolicyTranslator.target(o);
              return target == null ? List.of() : List.of(target);
            }));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource object) {
            mark.accept(List.of(KEY_PREFIX + key(object)));
          }

          @Override
          public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource object) {
            mark.accept(List.of(KEY_PREFIX + key(object)));
          }

          @Override
          public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
            mark.accept(List.of(KEY_PREFIX + key(object)));
          }
        });
  }

  /** Starts listing; without the CRD (or RBAC for it) Services simply have no ServicePolicy. */
  CompletableFuture<Void> start() {
    return informer
        .start()
        .toCompletableFuture()
        .exceptionally(e -> {
          LOG.infof(
              "Not reading ServicePolicies (CRD %s.%s absent or not readable): %s; services have"
                  + " the proxies' default budget, accrual and balancer",
              ServicePolicyTranslator.PLURAL, ServicePolicyTranslator.GROUP, e.getMessage());
          informer.stop();
          return null;
        });
  }

  /**
   * Reads object {@code key} ({@code ns/name}) again; returns the Services whose policy may have
   * changed with it.
   */
  Set<String> changed(String key) {
    Set<String> services = new HashSet<>();
    Applied previous = lastGood.get(key);
    if (previous != null && previous.policy().target() != null) {
      services.add(previous.policy().target());
    }
    GenericKubernetesResource object = informer.getStore().getByKey(key);
    if (object == null) {
      lastGood.remove(key);
      invalid.remove(key);
      conflicts.remove(key);
      return services;
    }
    TranslatedServicePolicy translated = translator.translate(object);
    if (translated.valid()) {
      lastGood.put(
          key,
          new Applied(
              key,
              Objects.requireNonNullElse(object.getMetadata().getCreationTimestamp(), ""),
              translated));
      if (invalid.remove(key) != null) {
        LOG.infof("%s: valid now", translated.source());
      }
    } else if (!translated.errors().equals(invalid.put(key, translated.errors()))) {
      translated
          .errors()
          .forEach(error ->
              LOG.errorf(
                  "%s (%s)",
                  error,
                  previous == null
                      ? "this ServicePolicy is skipped"
                      : "its last valid version stays in force"));
    }
    String target = ServicePolicyTranslator.target(object);
    if (target == null) {
      writeStatus(object);
    } else {
      // settle(target) writes the status, knowing the conflicts by then.
      services.add(target);
    }
    return services;
  }

  /**
   * The settings that apply to Service {@code serviceKey} ({@code ns/name}), or null; records
   * conflicts and brings the status of every object naming the Service up to date.
   */
  ServicePolicy settle(String serviceKey) {
    List<Applied> candidates = new ArrayList<>();
    for (Applied applied : lastGood.values()) {
      if (serviceKey.equals(applied.policy().target())) {
        candidates.add(applied);
      }
    }
    candidates.sort(Comparator.comparing(Applied::created).thenComparing(Applied::key));
    conflicts.values().removeIf(c -> c.target().equals(serviceKey));
    for (Applied loser : candidates.subList(Math.min(1, candidates.size()), candidates.size())) {
      conflicts.put(
          loser.key(),
          new Conflict(
              serviceKey,
              loser.policy().source()
                  + " spec.targetRef: Service "
                  + serviceKey
                  + " already has the older "
                  + candidates.getFirst().policy().source()
                  + " (expected: one ServicePolicy per Service)"));
    }
    if (informer.isRunning()) {
      informer.getIndexer().byIndex(BY_TARGET, serviceKey).forEach(this::writeStatus);
    }
    if (candidates.isEmpty()) {
      return null;
    }
    TranslatedServicePolicy winner = candidates.getFirst().policy();
    return winner.settings().toBuilder().setSource(winner.source()).build();
  }

  /** Invalid objects and conflicts, each naming the object and field. */
  List<String> errors() {
    List<String> errors = new ArrayList<>();
    invalid.values().forEach(errors::addAll);
    conflicts.values().forEach(c -> errors.add(c.message()));
    return errors;
  }

  @Override
  public void close() {
    informer.close();
  }

  private void writeStatus(GenericKubernetesResource object) {
    String key = key(object);
    List<String> errors = invalid.get(key);
    Conflict conflict = conflicts.get(key);
    String target = ServicePolicyTranslator.target(object);
    if (errors != null) {
      status.write(
          object,
          false,
          "Invalid",
          String.join("; ", errors)
              + (lastGood.containsKey(key)
                  ? " (its last valid version stays in force)"
                  : " (not applied)"));
    } else if (conflict != null) {
      status.write(object, false, "Conflicted", conflict.message());
    } else if (target != null && !serviceExists.test(target)) {
      status.write(
          object,
          false,
          "TargetNotFound",
          "Service " + target + " does not exist; the policy applies when it appears");
    } else {
      status.write(object, true, "Accepted", "applies to Service " + target);
    }
  }

  private static String key(GenericKubernetesResource object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
