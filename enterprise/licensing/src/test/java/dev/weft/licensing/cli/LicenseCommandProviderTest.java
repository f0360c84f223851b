package dev.weft.licensing.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.licensing.LicenseKeys;
import dev.weft.licensing.TestKeys;
import dev.weft.spi.cli.CliCommandProvider;
import dev.weft.spi.cli.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicenseCommandProviderTest {
  private final KeyPair vendor = TestKeys.pair();
  private final String key =
      LicenseKeys.encode(TestKeys.license(TestKeys.KEY_ID), vendor.getPrivate());

  record Run(int code, String out, String err) {}

  static Run show(Map<String, String> env, String instant, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    var o = new PrintStream(out, true, StandardCharsets.UTF_8);
    var e = new PrintStream(err, true, StandardCharsets.UTF_8);
    CliContext context =
        new CliContext() {
          @Override
          public PrintStream out() {
            return o;
          }

          @Override
          public PrintStream err() {
            return e;
          }

          @Override
          public Map<String, String> environment() {
            return env;
          }

          @Override
          public InputStream in() {
            return InputStream.nullInputStream();
          }
        };
    int code = new LicenseCommandProvider(TestKeys.at(instant)).run(List.of(args), context);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Map<String, String> env(String license) {
    return Map.of(
        "WEFT_LICENSE", license, "WEFT_LICENSE_EXTRA_PUBLIC_KEY", TestKeys.extraKey(vendor));
  }

  @Test
  void isFoundByServiceLoaderAndAlwaysAvailable() {
    CliCommandProvider p =
        ServiceLoader.load(CliCommandProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(c -> c.name().equals("license"))
            .findFirst()
            .orElseThrow();
    assertTrue(p.isAvailable());
    assertEquals(0, p.priority());
  }

  @Test
  void showsAValidLicense() {
    Run r = show(env(key), "2027-01-15T10:00:00Z", "show");
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    for (String line :
        List.of(
            "license lic-2026-0001",
            "customer:  Acme Corp",
            "tier:      enterprise",
            "features:  compliance, hazl",
            "limits:    clusters 3, meshed workloads 500",
            "valid:     from 2026-11-01T00:00:00Z until 2027-11-01T00:00:00Z",
            "signed by: key test-key",
            "verification: valid: license lic-2026-0001 is valid until 2027-11-01")) {
      assertTrue(r.out().contains(line), line + " in\n" + r.out());
    }
  }

  @Test
  void inTheGracePeriodExitsZeroWithAWarningLine() {
    Run r = show(env(key), "2027-11-10T00:00:00Z", "show");
    assertEquals(0, r.code());
    assertTrue(
        r.err().startsWith("weft: warning: license lic-2026-0001 expired on 2027-11-01"), r.err());
    assertTrue(r.out().contains("verification: valid, in the grace period"), r.out());
  }

  @Test
  void expiredOrForgedExitsOneWithTheReason() {
    Run expired = show(env(key), "2028-01-01T00:00:00Z", "show");
    assertEquals(1, expired.code());
    assertEquals(
        "weft: license lic-2026-0001 expired on 2027-11-01 (grace until 2027-12-01)",
        expired.err().strip());
    assertTrue(expired.out().contains("customer:  Acme Corp"), "fields still shown");
    assertTrue(expired.out().contains("verification: EXPIRED: "), expired.out());

    String forged =
        LicenseKeys.encode(TestKeys.license(TestKeys.KEY_ID), TestKeys.pair().getPrivate());
    Run r = show(env(forged), "2027-01-15T10:00:00Z", "show");
    assertEquals(1, r.code());
    assertTrue(r.out().contains("verification: SIGNATURE_INVALID: "), r.out());
  }

  @Test
  void missingExitsOneWithOneLine() {
    Run r = show(Map.of(), "2027-01-15T10:00:00Z", "show");
    assertEquals(1, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("weft: no license key configured"), r.err());
  }

  @Test
  void licenseFileOptionWinsOverTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("license.key");
    Files.writeString(file, "garbage\n");
    Run r = show(env(key), "2027-01-15T10:00:00Z", "show", "--license-file", file.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("license key is malformed"), r.err());

    Files.writeString(file, key);
    assertEquals(
        0,
        show(env("ignored"), "2027-01-15T10:00:00Z", "show", "--license-file", file.toString())
            .code());
  }

  @Test
  void aBadFlagIsAUsageError() {
    Run r = show(Map.of(), "2027-01-15T10:00:00Z", "show", "--bogus");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--bogus"), r.err());
    assertEquals(2, show(Map.of(), "2027-01-15T10:00:00Z").code());
  }
}
