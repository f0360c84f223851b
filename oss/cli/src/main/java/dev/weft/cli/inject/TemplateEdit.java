package dev.weft.cli.inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What inject or uninject does to one pod template ({@code metadata} + {@code spec}, edited in
 * place). Every workload kind goes through this one function, so a new way of editing pods (such as
 * applying the injector's JSON patch to inject the proxy without the webhook) is one more
 * implementation, not one per kind.
 */
interface TemplateEdit {
  /**
   * Edits the template, or leaves it untouched and says why.
   *
   * @return null when it was edited, else the reason it was skipped ({@code hostNetwork}, ...)
   */
  String apply(ObjectNode podTemplate);

  /**
   * As {@link #apply(ObjectNode)}, for a workload of the given namespace (its {@code
   * metadata.namespace}, or {@code default}); only edits that depend on it override this.
   */
  default String apply(ObjectNode podTemplate, String namespace) {
    return apply(podTemplate);
  }

  /** The summary's word for an edited workload: {@code injected}, {@code uninjected}. */
  String done();
}
