package dev.weft.compliance.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.github.packageurl.PackageURLBuilder;
import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.parsers.JsonParser;

/**
 * The fleet SBOM: one CycloneDX 1.6 document listing each distinct Weft component that runs
 * (component, version, and jar or image digest), where it runs (properties), and the libraries its
 * own SBOM lists. Validated against the 1.6 schema before it is handed out.
 */
public final class FleetSbom {
  /** The bom-ref of the mesh, the document's subject. */
  static final String MESH_REF = "weft-mesh";

  /** The document and what it counts, for the summary line. */
  public record Result(String json, int components, int instances, int libraries) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FleetSbom() {}

  /**
   * @param mode {@code control-plane} or {@code kubernetes}, recorded in the metadata
   * @param toolVersion the version of the weft writing it
   * @param warn takes a line for each embedded SBOM left out
   * @throws CommandFailure exit 1 naming the first schema error when the document is not valid
   */
  public static Result build(
      FleetInventory inventory,
      String mode,
      String toolVersion,
      Instant now,
      Consumer<String> warn) {
    List<FleetInstance> instances = inventory.instances();
    Map<String, List<FleetInstance>> groups = new LinkedHashMap<>();
    for (FleetInstance i : instances) {
      groups.computeIfAbsent(ref(i), k -> new ArrayList<>()).add(i);
    }
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
    bom.setMetadata(metadata(inventory.source(), mode, toolVersion, now));
    List<Component> components = new ArrayList<>();
    List<Dependency> graph = new ArrayList<>();
    Dependency mesh = new Dependency(MESH_REF);
    graph.add(mesh);
    int libraries = 0;
    for (Map.Entry<String, List<FleetInstance>> g : groups.entrySet()) {
      Component c = component(g.getKey(), g.getValue());
      components.add(c);
      mesh.addDependency(new Dependency(c.getBomRef()));
      FleetInstance first = g.getValue().getFirst();
      Optional<byte[]> sbom =
          first.sha256() != null && g.getValue().stream().anyMatch(FleetInstance::sbom)
              ? inventory.sbom(first.sha256())
              : Optional.empty();
      if (sbom.isPresent()) {
        try {
          EmbeddedSbom embedded = EmbeddedSbom.rebase(sbom.get(), c.getBomRef());
          c.setComponents(embedded.libraries());
          graph.addAll(embedded.dependencies());
          libraries += embedded.count();
          continue;
        } catch (ParseException e) {
          warn.accept(
              "the SBOM of "
                  + g.getKey()
                  + " is not CycloneDX JSON ("
                  + e.getMessage()
                  + "): its libraries are left out");
        }
      }
      graph.add(new Dependency(c.getBomRef()));
    }
    bom.setComponents(components);
    bom.setDependencies(graph);
    String json = write(bom);
    return new Result(json, components.size(), instances.size(), libraries);
  }

  private static Metadata metadata(String source, String mode, String toolVersion, Instant now) {
    Metadata m = new Metadata();
    m.setTimestamp(Date.from(now));
    Component weft = new Component();
    weft.setType(Component.Type.APPLICATION);
    weft.setGroup("dev.weft");
    weft.setName("weft");
    weft.setVersion(toolVersion);
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(weft));
    m.setToolChoice(tools);
    Component subject = new Component();
    subject.setType(Component.Type.PLATFORM);
    subject.setBomRef(MESH_REF);
    subject.setName(MESH_REF);
    subject.setDescription("The Weft components running in the mesh, as " + source + " lists them");
    subject.setProperties(List.of(new Property("weft:source", source)));
    m.setComponent(subject);
    m.setProperties(List.of(new Property("weft:inventory", mode)));
    return m;
  }

  /** What makes components distinct: the artifact, its version, and its jar's or image's digest. */
  private static String ref(FleetInstance i) {
    String digest =
        i.sha256() != null
            ? "sha256:" + i.sha256()
            : i.imageDigest() != null ? i.imageDigest() : null;
    return i.artifact()
        + (i.version() == null ? "" : "@" + i.version())
        + (digest == null ? "" : "#" + digest);
  }

  private static Component component(String ref, List<FleetInstance> instances) {
    FleetInstance first = instances.getFirst();
    Component c = new Component();
    c.setType(Component.Type.APPLICATION);
    c.setBomRef(ref);
    c.setGroup("dev.weft");
    c.setName(first.artifact());
    c.setVersion(first.version());
    c.setPurl(purl("maven", "dev.weft", first.artifact(), first.version(), Map.of()));
    String hex =
        first.sha256() != null
            ? first.sha256()
            : first.imageDigest() != null
                ? first.imageDigest().substring("sha256:".length())
                : null;
    if (hex != null) {
      c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, hex)));
    }
    List<Property> props = new ArrayList<>();
    if (hex != null) {
      props.add(new Property("weft:digest-of", first.sha256() != null ? "jar" : "oci-image"));
    }
    Set<String> images = new LinkedHashSet<>();
    Set<String> workloads = new LinkedHashSet<>();
    Set<String> zones = new LinkedHashSet<>();
    Set<String> identities = new LinkedHashSet<>();
    Set<String> verified = new LinkedHashSet<>();
    for (FleetInstance i : instances) {
      props.add(new Property("weft:instance", i.instance()));
      if (i.image() != null || i.imageDigest() != null) {
        images.add((i.image() == null ? "" : i.image()) + "|" + nullToEmpty(i.imageDigest()));
      }
      addIfPresent(workloads, i.workload());
      addIfPresent(zones, i.zone());
      addIfPresent(identities, i.identity());
      if (i.identityVerified()) {
        addIfPresent(verified, i.identity());
      }
    }
    workloads.forEach(w -> props.add(new Property("weft:workload", w)));
    zones.forEach(z -> props.add(new Property("weft:zone", z)));
    identities.forEach(id -> props.add(new Property("weft:identity", id)));
    verified.forEach(id -> props.add(new Property("weft:identity-verified", id)));
    for (String image : images) {
      String name = image.substring(0, image.indexOf('|'));
      String digest = image.substring(image.indexOf('|') + 1);
      if (!name.isEmpty()) {
        props.add(new Property("weft:image", name));
      }
      if (!digest.isEmpty()) {
        props.add(new Property("weft:image-digest", digest));
        String oci = ociPurl(name, digest);
        if (oci != null) {
          ExternalReference r = new ExternalReference();
          r.setType(ExternalReference.Type.DISTRIBUTION);
          r.setUrl(oci);
          r.setComment("OCI image " + (name.isEmpty() ? digest : name + " " + digest));
          c.addExternalReference(r);
        }
      }
    }
    c.setProperties(props);
    return c;
  }

  /** {@code pkg:oci/NAME@sha256:HEX?repository_url=REGISTRY/PATH&tag=T}, from the image's name. */
  static String ociPurl(String image, String digest) {
    String ref = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    String tag = KubernetesInventory.tag(ref);
    String repository = tag == null ? ref : ref.substring(0, ref.length() - tag.length() - 1);
    String name = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      return null;
    }
    Map<String, String> qualifiers = new LinkedHashMap<>();
    qualifiers.put("repository_url", repository.toLowerCase(Locale.ROOT));
    if (tag != null) {
      qualifiers.put("tag", tag);
    }
    return purl("oci", null, name, digest, qualifiers);
  }

  private static String purl(
      String type, String namespace, String name, String version, Map<String, String> qualifiers) {
    try {
      PackageURLBuilder b =
          PackageURLBuilder.aPackageURL()
              .withType(type)
              .withNamespace(namespace)
              .withName(name)
              .withVersion(version);
      qualifiers.forEach(b::withQualifier);
      PackageURL purl = b.build();
      return purl.canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new CommandFailure(
          Exits.FAILED,
          "no package URL for " + name + "@" + version + " (" + e.getMessage() + ")",
          "check the inventory's versions and images");
    }
  }

  private static String write(Bom bom) {
    String json;
    try {
      json = BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString(true);
    } catch (GeneratorException e) {
      throw new CommandFailure(
          Exits.FAILED, "the fleet SBOM cannot be written (" + e.getMessage() + ")", "report it");
    }
    List<com.networknt.schema.Error> errors;
    try {
      // The schema cyclonedx-core-java validates with; its own validate() drops where an error is.
      errors =
          new JsonParser()
              .getJsonSchema(Version.VERSION_16, MAPPER)
              .validate(MAPPER.readTree(json));
    } catch (IOException e) {
      throw new CommandFailure(
          Exits.FAILED, "the fleet SBOM cannot be validated (" + e.getMessage() + ")", "report it");
    }
    if (!errors.isEmpty()) {
      com.networknt.schema.Error first = errors.getFirst();
      throw new CommandFailure(
          Exits.FAILED,
          "the fleet SBOM is not valid CycloneDX 1.6: "
              + first.getInstanceLocation()
              + ": "
              + first.getMessage()
              + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
          "nothing was written; check the embedded SBOMs the control plane serves");
    }
    return json;
  }

  private static void addIfPresent(Set<String> set, String value) {
    if (value != null && !value.isBlank()) {
      set.add(value);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
