package dev.weft.cli.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;

/** Prints check results as Linkerd's check does: a table for people, JSON for scripts. */
final class CheckReport {
  private CheckReport() {}

  static boolean failed(List<CheckGroup> groups) {
    return groups.stream().anyMatch(CheckGroup::failed);
  }

  static void table(List<CheckGroup> groups, PrintWriter out) {
    for (CheckGroup g : groups) {
      out.println(g.name);
      out.println("-".repeat(g.name.length()));
      for (CheckResult r : g.results) {
        out.println(r.status().symbol + " " + r.what());
        if (r.hint() != null) {
          out.println("    " + r.hint());
        }
      }
      out.println();
    }
    long failed = count(groups, Status.FAIL);
    long warned = count(groups, Status.WARN);
    out.println(
        "Status check results are "
            + (failed > 0 ? Status.FAIL.symbol : Status.PASS.symbol)
            + (failed + warned > 0 ? " (" + failed + " failed, " + warned + " warnings)" : ""));
    out.flush();
  }

  static void json(List<CheckGroup> groups, PrintWriter out) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("success", !failed(groups));
    ArrayNode categories = root.putArray("categories");
    for (CheckGroup g : groups) {
      ObjectNode category = categories.addObject();
      category.put("categoryName", g.name);
      ArrayNode checks = category.putArray("checks");
      for (CheckResult r : g.results) {
        ObjectNode check = checks.addObject();
        check.put("description", r.what());
        check.put("result", r.status().json);
        if (r.hint() != null) {
          check.put("hint", r.hint());
        }
      }
    }
    out.println(root.toPrettyString());
    out.flush();
  }

  private static long count(List<CheckGroup> groups, Status status) {
    return groups.stream()
        .flatMap(g -> g.results.stream())
        .filter(r -> r.status() == status)
        .count();
  }
}
