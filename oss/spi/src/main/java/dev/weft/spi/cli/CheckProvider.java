package dev.weft.spi.cli;

import dev.weft.spi.Plugin;
import java.util.List;

/**
 * Contributes one group of checks to {@code weft check}: its results are printed under the heading
 * {@link #group()}, after {@code weft check}'s own groups, in the same format (table or JSON), and
 * a {@link CheckResult.Status#FAIL FAIL} among them fails the command (exit 1). Found with {@link
 * java.util.ServiceLoader} (a {@code META-INF/services/dev.weft.spi.cli.CheckProvider} entry in the
 * provider's jar) when {@code weft check} runs. Experimental.
 *
 * <p>Only {@link #availability() available} providers run; {@link #name()} identifies the provider
 * in messages. The groups of several providers are printed in the order of their priority, highest
 * first.
 *
 * <p>Threading: {@link #run} is called on the thread that runs {@code weft check}, once per round
 * ({@code --wait} repeats rounds); it may block on the network (the Kubernetes API) for as long as
 * its checks take. An exception thrown from {@link #run} is reported by {@code weft check} as one
 * failed check carrying the exception's message; a provider that can tell what went wrong returns a
 * failed result with a hint instead.
 */
public interface CheckProvider extends Plugin {
  /** The heading of the group, lower case, e.g. {@code license}. */
  String group();

  /**
   * Runs the checks.
   *
   * @param context the cluster {@code weft check} was pointed at and the environment it runs in
   * @return one result per check, in the order to print them; empty prints the heading alone
   */
  List<CheckResult> run(CheckContext context);
}
