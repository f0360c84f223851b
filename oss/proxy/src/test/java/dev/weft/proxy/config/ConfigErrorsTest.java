package dev.weft.proxy.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad value fails with one line that names the key, the value and what was expected. */
class ConfigErrorsTest {
  private static final String[] HOP = {"--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:9090"};

  private static String error(Map<String, String> env, String... args) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(args), env))
        .getMessage();
  }

  private static String error(String... args) {
    return error(Map.of(), args);
  }

  private static String[] hopWith(String... more) {
    String[] all = new String[HOP.length + more.length];
    System.arraycopy(HOP, 0, all, 0, HOP.length);
    System.arraycopy(more, 0, all, HOP.length, more.length);
    return all;
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), () -> "'" + message + "' does not mention '" + p + "'");
    }
    assertTrue(!message.contains("\n"), () -> "one line: " + message);
  }

  @Test
  void badPort() {
    assertMentions(
        error("--listen", "127.0.0.1:99999", "--forward", "127.0.0.1:9090"),
        "--listen",
        "'127.0.0.1:99999'",
        "HOST:PORT",
        "1-65535");
    assertMentions(
        error("--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:0"),
        "--forward",
        "'127.0.0.1:0'",
        "1-65535");
    assertMentions(
        error("--listen", "127.0.0.1:http", "--forward", "127.0.0.1:9090"),
        "--listen",
        "'127.0.0.1:http'",
        "HOST:PORT");
    assertMentions(error(hopWith("--admin", "127.0.0.1")), "--admin", "'127.0.0.1'", "HOST:PORT");
    assertMentions(error(hopWith("--admin", "127.0.0.1:")), "--admin", "'127.0.0.1:'", "HOST:PORT");
  }

  @Test
  void badDuration() {
    assertMentions(
        error(hopWith("--detect-timeout", "10x")),
        "--detect-timeout",
        "'10x'",
        "positive duration");
    assertMentions(
        error(hopWith("--drain-timeout=0s")), "--drain-timeout", "'0s'", "positive duration");
    assertMentions(
        error(hopWith("--connect-timeout", "-5s")),
        "--connect-timeout",
        "'-5s'",
        "positive duration");
    assertMentions(
        error(hopWith("--idle-timeout", "ms")), "--idle-timeout", "'ms'", "positive duration");
    assertMentions(
        error(hopWith("--detect-timeout", "PT")), "--detect-timeout", "'PT'", "positive duration");
  }

  @Test
  void badValueFromTheEnvironmentNamesTheVariable() {
    assertMentions(
        error(Map.of("WEFT_PROXY_DETECT_TIMEOUT", "soon"), HOP),
        "WEFT_PROXY_DETECT_TIMEOUT",
        "'soon'",
        "positive duration");
    assertMentions(
        error(Map.of("WEFT_PROXY_WORKERS", "many"), HOP),
        "WEFT_PROXY_WORKERS",
        "'many'",
        "whole number");
  }

  @Test
  void badHarnessVariableNamesTheVariableThatWasSet() {
    String m = error(Map.of("PROXY_LISTEN", "nonsense", "PROXY_UPSTREAM", "127.0.0.1:9090"));
    assertMentions(m, "PROXY_LISTEN", "'nonsense'", "HOST:PORT");
    assertTrue(!m.contains("WEFT_PROXY_LISTEN"), () -> "names a variable nobody set: " + m);
    assertMentions(
        error(
            Map.of(
                "PROXY_LISTEN",
                "127.0.0.1:1",
                "PROXY_UPSTREAM",
                "127.0.0.1:1",
                "PROXY_ADMIN",
                "x:y")),
        "PROXY_ADMIN",
        "'x:y'");
  }

  @Test
  void unknownFlag() {
    assertMentions(
        error(hopWith("--bogus", "1")),
        "--bogus",
        "unknown option",
        "--listen",
        "--detect-timeout");
    // An unknown flag is reported as such even with no value after it.
    assertMentions(error(hopWith("--bogus")), "--bogus", "unknown option");
    assertMentions(error(hopWith("--bogus=1")), "--bogus", "unknown option");
  }

  @Test
  void argumentThatIsNotAFlag() {
    assertMentions(error(hopWith("stray")), "'stray'", "--key value");
  }

  @Test
  void missingValue() {
    assertMentions(
        error("--listen", "127.0.0.1:8080", "--forward"), "--forward", "missing value", "address");
    // The next flag is not taken for the value.
    assertMentions(
        error("--listen", "--forward", "127.0.0.1:9090"),
        "--listen",
        "missing value",
        "address to accept on");
  }

  @Test
  void listenWithoutForwardAndTheReverse() {
    assertMentions(
        error("--listen", "127.0.0.1:8080"), "--forward: missing", "forward to", "--listen is set");
    assertMentions(
        error("--forward", "127.0.0.1:9090"), "--listen: missing", "accept on", "--forward is set");
  }

  @Test
  void badLogLevel() {
    assertMentions(
        error(hopWith("--log-level", "verbose")),
        "--log-level='verbose'",
        "error, warn, info, debug, trace");
    assertMentions(
        error(Map.of("WEFT_PROXY_LOG_LEVEL", "loud"), HOP), "WEFT_PROXY_LOG_LEVEL='loud'");
  }

  @Test
  void transparentListenersOnOneAddress() {
    assertMentions(
        error("--inbound-listen", "127.0.0.1:4140"),
        "--outbound-listen='127.0.0.1:4140'",
        "other than the inbound");
  }

  @Test
  void badOpaquePorts() {
    String expected = "comma-separated list of ports and ranges";
    assertMentions(
        error(hopWith("--opaque-ports", "8010-8000")), "--opaque-ports", "'8010-8000'", expected);
    assertMentions(error(hopWith("--opaque-ports", "0-10")), "--opaque-ports", "'0-10'", expected);
    assertMentions(
        error(hopWith("--opaque-ports", "25,70000")), "--opaque-ports", "'25,70000'", expected);
    assertMentions(
        error(hopWith("--opaque-ports", "25,,26")), "--opaque-ports", "'25,,26'", expected);
    assertMentions(error(hopWith("--opaque-ports", "smtp")), "--opaque-ports", "'smtp'", expected);
    assertMentions(
        error(hopWith("--opaque-ports", "1-2-3")), "--opaque-ports", "'1-2-3'", expected);
  }

  @Test
  void workersAndAuthoritiesOutOfRange() {
    assertMentions(
        error(hopWith("--workers", "0")), "--workers", "'0'", "whole number from 1 to 256");
    assertMentions(error(hopWith("--workers", "257")), "--workers", "'257'", "1 to 256");
    assertMentions(
        error(hopWith("--max-authorities", "0")), "--max-authorities", "'0'", "1 to 100000");
  }

  @Test
  void badDirection() {
    assertMentions(
        error(hopWith("--direction", "sideways")),
        "--direction",
        "'sideways'",
        "inbound or outbound");
  }
}
