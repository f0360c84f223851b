package dev.weft.hazl.controlplane;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One evaluation of HAZL in the control plane, as {@code GET /v1/extensions/hazl} shows it.
 *
 * @param enabled whether proxies are told to use {@code hazl} now
 * @param reason why not, in a line; null when enabled
 * @param license the license's answer for {@code hazl}, in a line
 * @param configMap the ConfigMap read, {@code NAMESPACE/weft-hazl}
 * @param settings the configuration in use (the last valid one, else the defaults)
 * @param problems the ConfigMap's bad values, naming their keys (the last valid configuration stays
 *     in use meanwhile)
 * @param serviceProblems ignored annotations, by service
 */
record HazlStatus(
    boolean enabled,
    String reason,
    String license,
    String configMap,
    HazlSettings settings,
    List<String> problems,
    Map<String, String> serviceProblems) {

  HazlStatus {
    problems = List.copyOf(problems);
    serviceProblems = Map.copyOf(serviceProblems);
  }

  String json() {
    StringBuilder out = new StringBuilder("{");
    out.append("\"enabled\":").append(enabled);
    out.append(",\"reason\":").append(JsonText.quote(reason));
    out.append(",\"license\":").append(JsonText.quote(license));
    out.append(",\"configMap\":").append(JsonText.quote(configMap));
    out.append(",\"band\":{\"low\":")
        .append(HazlValues.plain(settings.bandLow()))
        .append(",\"high\":")
        .append(HazlValues.plain(settings.bandHigh()))
        .append('}');
    out.append(",\"zoneOrder\":[")
        .append(settings.zoneOrder().stream().map(JsonText::quote).collect(Collectors.joining(",")))
        .append(']');
    out.append(",\"loadDecay\":").append(JsonText.quote(HazlValues.duration(settings.loadDecay())));
    out.append(",\"problems\":[")
        .append(problems.stream().map(JsonText::quote).collect(Collectors.joining(",")))
        .append(']');
    out.append(",\"serviceProblems\":{")
        .append(
            serviceProblems.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> JsonText.quote(e.getKey()) + ":" + JsonText.quote(e.getValue()))
                .collect(Collectors.joining(",")))
        .append('}');
    return out.append('}').toString();
  }
}
