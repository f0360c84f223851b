package dev.weft.cli.check;

import dev.weft.spi.Availability;
import dev.weft.spi.cli.CheckContext;
import dev.weft.spi.cli.CheckProvider;
import dev.weft.spi.cli.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A plugin's checks for the tests, registered in the test class path's META-INF/services: results
 * as system property {@value #PROPERTY} lists them ({@code pass,warn,fail,throw}); unavailable when
 * it is not set, so that the other check tests see no plugin group.
 */
public final class ScriptedChecks implements CheckProvider {
  static final String PROPERTY = "weft.test.plugin-checks";

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Availability availability() {
    return System.getProperty(PROPERTY) == null
        ? Availability.unavailable(PROPERTY + " not set")
        : Availability.AVAILABLE;
  }

  @Override
  public String group() {
    return "scripted";
  }

  @Override
  public List<CheckResult> run(CheckContext context) {
    List<CheckResult> results = new ArrayList<>();
    for (String step : System.getProperty(PROPERTY).split(",")) {
      switch (step) {
        case "pass" -> results.add(CheckResult.pass("namespace is " + context.namespace()));
        case "warn" ->
            results.add(
                CheckResult.warn(
                    "kubeconfig is given",
                    "kubeconfig " + context.kubeconfig() + ", context " + context.kubeContext()));
        case "fail" -> results.add(CheckResult.fail("the plugin's check holds", "fix the plugin"));
        case "throw" -> throw new IllegalStateException("plugin state is broken");
        default -> throw new IllegalArgumentException("unknown step " + step);
      }
    }
    return results;
  }
}
