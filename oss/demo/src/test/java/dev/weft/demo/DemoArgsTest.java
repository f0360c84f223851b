package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad flags are refused naming the flag, the value and what was expected. */
class DemoArgsTest {
  @Test
  void parsesEveryForm() {
    DemoArgs args =
        DemoArgs.parse(List.of("--port", "7710", "--proxy=127.0.0.1:7712", "--timeout", "500ms"));
    assertEquals(7710, args.port());
    assertEquals(7712, args.proxy().getPort());
    assertEquals("127.0.0.1", args.proxy().getHostString());
    assertEquals(Duration.ofMillis(500), args.timeout().orElseThrow());
  }

  @Test
  void badValuesNameTheirFlag() {
    assertEquals(
        "--port='web': invalid (expected: 0..65535)",
        assertThrows(
                IllegalArgumentException.class,
                () -> DemoArgs.parse(List.of("--port", "web")).port())
            .getMessage());
    assertEquals(
        "--proxy='7712': invalid (expected: HOST:PORT such as 127.0.0.1:4140)",
        assertThrows(
                IllegalArgumentException.class,
                () -> DemoArgs.parse(List.of("--proxy", "7712")).proxy())
            .getMessage());
    assertEquals(
        "--rate='0': invalid (expected: requests per second, > 0 and <= 10000)",
        assertThrows(
                IllegalArgumentException.class, () -> DemoArgs.parse(List.of("--rate", "0")).rate())
            .getMessage());
    assertEquals(
        "unknown flag --prxy",
        assertThrows(IllegalArgumentException.class, () -> DemoArgs.parse(List.of("--prxy", "x")))
            .getMessage());
    assertEquals(
        "--proxy is required",
        assertThrows(IllegalArgumentException.class, () -> DemoArgs.parse(List.of()).proxy())
            .getMessage());
  }
}
