package dev.weft.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void parsesTheFaultFlags() {
    DemoArgs args =
        DemoArgs.parse(
            List.of("--delay", "80ms", "--fail-ratio", "0.3", "--fail-status=429", "--port", "1"));
    assertEquals(Duration.ofMillis(80), args.delay().orElseThrow());
    assertEquals(0.3, args.failRatio().orElseThrow());
    assertEquals(429, args.failStatus().orElseThrow());
    DemoArgs none = DemoArgs.parse(List.of("--port", "1"));
    assertTrue(none.delay().isEmpty() && none.failRatio().isEmpty() && none.failStatus().isEmpty());
  }

  @Test
  void badFaultFlagsNameTheirFlag() {
    assertEquals(
        "--delay='80': invalid (expected: a positive duration such as 500ms or 3s)",
        assertThrows(
                IllegalArgumentException.class,
                () -> DemoArgs.parse(List.of("--delay", "80")).delay())
            .getMessage());
    assertEquals(
        "--fail-ratio='30%': invalid (expected: a share of requests, 0..1 such as 0.3)",
        assertThrows(
                IllegalArgumentException.class,
                () -> DemoArgs.parse(List.of("--fail-ratio", "30%")).failRatio())
            .getMessage());
    assertEquals(
        "--fail-ratio='1.2': invalid (expected: a share of requests, 0..1 such as 0.3)",
        assertThrows(
                IllegalArgumentException.class,
                () -> DemoArgs.parse(List.of("--fail-ratio", "1.2")).failRatio())
            .getMessage());
    assertEquals(
        "--fail-status='200': invalid (expected: an HTTP error status, 400..599)",
        assertThrows(
                IllegalArgumentException.class,
                () -> DemoArgs.parse(List.of("--fail-status", "200")).failStatus())
            .getMessage());
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
