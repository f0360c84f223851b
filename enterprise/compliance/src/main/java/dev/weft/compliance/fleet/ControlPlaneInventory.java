package dev.weft.compliance.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fleet as a control plane lists it ({@code GET /v1/fleet/components}), and the embedded SBOMs
 * it holds ({@code GET /v1/fleet/sboms/{sha256}}), each fetched once.
 */
public final class ControlPlaneInventory implements FleetInventory {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final ControlPlaneClient client;
  private final Map<String, Optional<byte[]>> sboms = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();

  public ControlPlaneInventory(ControlPlaneClient client) {
    this.client = client;
  }

  @Override
  public String source() {
    return client.base().toString();
  }

  @Override
  public List<FleetInstance> instances() {
    JsonNode root = client.getObject("v1/fleet/components", "fleet inventory");
    JsonNode list = root.get("components");
    String at = "GET " + client.base().resolve("v1/fleet/components");
    if (list == null || !list.isArray()) {
      throw notInventory(at, "components: missing or not an array");
    }
    List<FleetInstance> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String field = "components[" + i + "]";
      JsonNode workload = c.get("workload");
      String sha = text(c, "sha256");
      if (sha != null && !SHA256.matcher(sha).matches()) {
        throw notInventory(at, field + ".sha256: '" + sha + "' (expected: 64 lower-case hex)");
      }
      out.add(
          new FleetInstance(
              required(c, "component", at, field),
              required(c, "instance", at, field),
              required(c, "version", at, field),
              sha,
              text(c, "image"),
              text(c, "imageDigest"),
              text(c, "identity"),
              c.path("identityVerified").asBoolean(false),
              text(c, "namespace"),
              workload == null ? null : text(workload, "kind"),
              workload == null ? null : text(workload, "name"),
              text(c, "zone"),
              c.path("sbom").asBoolean(false)));
    }
    return out;
  }

  @Override
  public Optional<byte[]> sbom(String sha256) {
    return sboms.computeIfAbsent(sha256, this::fetch);
  }

  @Override
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  private Optional<byte[]> fetch(String sha256) {
    ControlPlaneClient.Response r = client.get("v1/fleet/sboms/" + sha256);
    if (r.status() == 200) {
      return Optional.of(r.body());
    }
    // One component without its libraries is worth a warning, not the whole document.
    warnings.add(
        "GET "
            + r.uri()
            + ": HTTP "
            + r.status()
            + " ("
            + r.error()
            + "): the libraries of sha256:"
            + sha256
            + " are left out");
    return Optional.empty();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String required(JsonNode n, String field, String at, String path) {
    String v = text(n, field);
    if (v == null || v.isBlank()) {
      throw notInventory(at, path + "." + field + ": missing");
    }
    return v;
  }

  private static CommandFailure notInventory(String at, String detail) {
    return new CommandFailure(
        Exits.FAILED,
        at + ": not a fleet inventory (" + detail + ")",
        "check that --control-plane names a Weft control plane");
  }
}
