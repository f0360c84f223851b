package dev.weft.licensing;

import java.util.stream.Collectors;

/**
 * One evaluation of the control plane's license: what {@link LicenseExtension}'s gauges and status
 * show until the next.
 *
 * @param status the key's verification
 * @param source where the key came from: WEFT_LICENSE, WEFT_LICENSE_FILE, {@code secret NS/NAME} or
 *     {@code none}
 * @param meshedWorkloads the fleet's meshed workloads when evaluated
 * @param overLimit whether they exceed the license's limit
 */
record LicenseReport(LicenseStatus status, String source, int meshedWorkloads, boolean overLimit) {

  /** The status document of {@code /v1/extensions/license}. */
  String json() {
    License l = status.license();
    StringBuilder out = new StringBuilder("{");
    out.append("\"valid\":").append(status.usable());
    out.append(",\"inGrace\":").append(status.inGrace());
    String problem =
        status.problem() != null
            ? status.problem().name()
            : overLimit ? LicenseProblem.OVER_LIMIT.name() : null;
    out.append(",\"problem\":").append(problem == null ? "null" : Json.quote(problem));
    out.append(",\"reason\":").append(Json.quote(reason(l)));
    out.append(",\"source\":").append(Json.quote(source));
    if (l != null) {
      out.append(",\"id\":").append(Json.quote(l.id()));
      out.append(",\"customer\":").append(Json.quote(l.customer()));
      out.append(",\"tier\":").append(Json.quote(l.tier()));
      out.append(",\"features\":[")
          .append(l.features().stream().sorted().map(Json::quote).collect(Collectors.joining(",")))
          .append(']');
      out.append(",\"notBefore\":").append(Json.quote(l.notBefore().toString()));
      out.append(",\"expiresAt\":").append(Json.quote(l.expiresAt().toString()));
    }
    out.append(",\"meshedWorkloads\":").append(meshedWorkloads);
    out.append(",\"meshedWorkloadsLimit\":")
        .append(
            l == null || l.meshedWorkloads().isEmpty()
                ? "null"
                : Long.toString(l.meshedWorkloads().getAsLong()));
    out.append(",\"overLimit\":").append(overLimit);
    return out.append('}').toString();
  }

  private String reason(License l) {
    if (overLimit) {
      return meshedWorkloads
          + " meshed workloads exceed the limit of "
          + l.meshedWorkloads().getAsLong()
          + " in license "
          + l.id()
          + " (a warning: traffic is not affected)";
    }
    return status.message();
  }
}
