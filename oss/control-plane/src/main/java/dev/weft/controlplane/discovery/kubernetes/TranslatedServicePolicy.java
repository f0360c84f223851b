package dev.weft.controlplane.discovery.kubernetes;

import dev.weft.api.destination.v1.ServicePolicy;
import java.util.List;

/**
 * A ServicePolicy object as Weft reads it.
 *
 * @param source {@code ServicePolicy ns/name}, for policies' source and errors
 * @param target the Service it names, as {@code ns/name}, or null when the targetRef is unusable
 * @param settings the retry budget, failure accrual and balancer it sets (nothing else), valid only
 *     when {@code errors} is empty
 * @param errors why the object is not applied, each naming its field
 */
record TranslatedServicePolicy(
    String source, String target, ServicePolicy settings, List<String> errors) {
  TranslatedServicePolicy {
    errors = List.copyOf(errors);
  }

  boolean valid() {
    return errors.isEmpty();
  }
}
