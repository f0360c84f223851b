package dev.weft.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The name a proxy reports in fleet heartbeats: {@code --instance} or WEFT_PROXY_INSTANCE. */
class InstanceConfigTest {
  private static final List<String> HOP =
      List.of("--listen", "127.0.0.1:8080", "--forward", "127.0.0.1:1");

  private static ProxyConfig load(Map<String, String> env, List<String> more) {
    List<String> args = new ArrayList<>(HOP);
    args.addAll(more);
    return ConfigLoader.load(args, env);
  }

  @Test
  void theInstanceComesFromTheEnvironmentOrTheFlagAndDefaultsToNone() {
    assertEquals("", load(Map.of(), List.of()).instance(), "the host's name stands in later");
    assertEquals("books-0", load(Map.of("WEFT_PROXY_INSTANCE", " books-0 "), List.of()).instance());
    assertEquals(
        "web",
        load(Map.of("WEFT_PROXY_INSTANCE", "books-0"), List.of("--instance", "web")).instance());
    assertTrue(ConfigLoader.usage().contains("--instance"), ConfigLoader.usage());
  }

  @Test
  void aNameWithSpacesOrOverTheBoundIsRefusedNamingTheVariable() {
    for (String bad : List.of("books 0", "x".repeat(254), "caf\u00e9")) {
      String message =
          assertThrows(
                  ConfigException.class, () -> load(Map.of("WEFT_PROXY_INSTANCE", bad), List.of()))
              .getMessage();
      assertTrue(message.contains("WEFT_PROXY_INSTANCE"), message);
      assertTrue(message.contains("at most 253 printable ASCII characters"), message);
    }
    assertEquals(
        "x".repeat(253),
        load(Map.of("WEFT_PROXY_INSTANCE", "x".repeat(253)), List.of()).instance());
  }
}
