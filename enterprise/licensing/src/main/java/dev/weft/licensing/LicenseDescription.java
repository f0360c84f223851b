package dev.weft.licensing;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** A license as lines for people: what {@code weft license show} and the vendor tool print. */
public final class LicenseDescription {
  private LicenseDescription() {}

  /** One line per field, each indented by two spaces, after a first line naming the license. */
  public static List<String> lines(License l) {
    List<String> lines = new ArrayList<>();
    lines.add("license " + l.id());
    lines.add("  customer:  " + l.customer());
    lines.add("  tier:      " + l.tier());
    lines.add(
        "  features:  " + (l.features().isEmpty() ? "none" : String.join(", ", l.features())));
    lines.add(
        "  limits:    clusters "
            + limit(l.clusters())
            + ", meshed workloads "
            + limit(l.meshedWorkloads()));
    lines.add(
        "  valid:     from "
            + l.notBefore()
            + " until "
            + l.expiresAt()
            + " (issued "
            + l.issuedAt()
            + ")");
    lines.add("  signed by: key " + l.keyId());
    return lines;
  }

  private static String limit(OptionalLong n) {
    return n.isPresent() ? Long.toString(n.getAsLong()) : "unlimited";
  }
}
