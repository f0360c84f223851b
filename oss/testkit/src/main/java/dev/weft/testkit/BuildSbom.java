package dev.weft.testkit;

/**
 * Whether the build that runs a test wrote the SBOMs (META-INF/sbom/bom.json in each module's
 * classes, the aggregates under target/sbom). It does unless it ran with {@code
 * -Dcyclonedx.skip=true} or offline, where Maven skips the CycloneDX plugin: tests of an SBOM check
 * this first so that an offline build skips them instead of failing, while an online build that
 * lost its SBOM still fails.
 */
public final class BuildSbom {
  private BuildSbom() {}

  /** True when this build was to write SBOMs (system properties set by the root pom). */
  public static boolean written() {
    return !Boolean.getBoolean("build.sbom.skipped") && !offline();
  }

  private static boolean offline() {
    return "offline=true".equals(System.getProperty("build.offline"));
  }

  /** Why there is no SBOM to test, for an assumption's message. */
  public static String whyNot() {
    return Boolean.getBoolean("build.sbom.skipped")
        ? "built with -Dcyclonedx.skip=true: no SBOMs"
        : "built offline (-o): the CycloneDX plugin needs Maven online, so no SBOMs";
  }
}
