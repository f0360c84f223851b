package dev.weft.cli.check;

import dev.weft.cli.kube.Kube;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributes;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code weft check --pre}: whether an install can work here. Permissions are asked of the API
 * server (SelfSubjectAccessReview) for every kind of object the install creates.
 */
final class PreInstallChecks {
  /** What the install creates: API group, resource, namespaced. */
  record Need(String group, String resource, boolean namespaced) {}

  static final List<Need> NEEDS =
      List.of(
          new Need("", "namespaces", false),
          new Need("", "serviceaccounts", true),
          new Need("", "services", true),
          new Need("", "secrets", true),
          new Need("", "configmaps", true),
          new Need("apps", "deployments", true),
          new Need("rbac.authorization.k8s.io", "clusterroles", false),
          new Need("rbac.authorization.k8s.io", "clusterrolebindings", false),
          new Need("admissionregistration.k8s.io", "mutatingwebhookconfigurations", false));

  private PreInstallChecks() {}

  static CheckGroup run(KubernetesClient client, String namespace) {
    CheckGroup group = new CheckGroup("pre-install");
    namespaceFree(group, client, namespace);
    for (Need need : NEEDS) {
      permission(group, client, namespace, need);
    }
    return group;
  }

  private static void namespaceFree(CheckGroup group, KubernetesClient client, String namespace) {
    String what = "namespace " + namespace + " does not exist yet or is empty";
    if (client.namespaces().withName(namespace).get() == null) {
      group.pass(what);
      return;
    }
    List<String> found = new ArrayList<>();
    Stream.<List<? extends HasMetadata>>of(
            client.apps().deployments().inNamespace(namespace).list().getItems(),
            client.services().inNamespace(namespace).list().getItems(),
            client.secrets().inNamespace(namespace).list().getItems(),
            client.configMaps().inNamespace(namespace).list().getItems())
        .flatMap(List::stream)
        // Kubernetes puts this in every namespace itself.
        .filter(o -> !o.getMetadata().getName().equals("kube-root-ca.crt"))
        .forEach(o ->
            found.add(
                o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + "/"
                    + o.getMetadata().getName()));
    if (found.isEmpty()) {
      group.pass(what);
    } else {
      group.fail(
          what,
          "namespace "
              + namespace
              + " already has "
              + String.join(", ", found.subList(0, Math.min(5, found.size())))
              + (found.size() > 5 ? " and " + (found.size() - 5) + " more" : "")
              + ": run 'weft check' if weft is installed there, else install into another"
              + " namespace or empty this one");
    }
  }

  private static void permission(
      CheckGroup group, KubernetesClient client, String namespace, Need need) {
    String kind = need.group().isEmpty() ? need.resource() : need.resource() + "." + need.group();
    String what = "can create " + kind;
    ResourceAttributesBuilder attributes =
        new ResourceAttributesBuilder()
            .withVerb("create")
            .withGroup(need.group())
            .withResource(need.resource());
    if (need.namespaced()) {
      attributes.withNamespace(namespace);
    }
    ResourceAttributes built = attributes.build();
    String canI =
        "kubectl auth can-i create " + kind + (need.namespaced() ? " -n " + namespace : "");
    SelfSubjectAccessReview review;
    try {
      review =
          client
              .authorization()
              .v1()
              .selfSubjectAccessReview()
              .create(
                  new SelfSubjectAccessReviewBuilder()
                      .withNewSpec()
                      .withResourceAttributes(built)
                      .endSpec()
                      .build());
    } catch (KubernetesClientException e) {
      if (Kube.unreachable(e) != null) {
        throw e;
      }
      // Not a denial: the review itself was refused, so the answer is unknown.
      group.warn(
          what,
          "the API server did not evaluate the access review ("
              + Kube.reason(e)
              + "); check with '"
              + canI
              + "'");
      return;
    }
    if (review == null || review.getStatus() == null || review.getStatus().getAllowed() == null) {
      group.warn(
          what, "the API server did not evaluate the access review; check with '" + canI + "'");
    } else if (Boolean.TRUE.equals(review.getStatus().getAllowed())) {
      group.pass(what);
    } else {
      String reason = review.getStatus().getReason();
      group.fail(
          what,
          "you may not create "
              + kind
              + (reason == null || reason.isBlank() ? "" : " (" + reason + ")")
              + ": install as a cluster administrator, or have one grant it ('"
              + canI
              + "' says yes when done)");
    }
  }
}
