package dev.weft.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.attest.AttestationVerifier;
import dev.weft.attest.Dsse;
import dev.weft.attest.Predicate;
import dev.weft.attest.Statement;
import dev.weft.attest.Subject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another implementation agrees on keys and signatures: openssl makes a P-256 key weft signs with,
 * and verifies weft's signature over the DSSE PAE with the public key weft derived.
 */
class OpensslInteropTest {
  @TempDir Path dir;

  private int openssl(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "openssl";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
    return p.exitValue();
  }

  @Test
  void opensslKeysSignAndOpensslVerifies() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is installed (Debian: openssl)");
    Path key = dir.resolve("key.pem");
    assertEquals(
        0,
        openssl(
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-out",
            key.toString()));
    SigningKey signing = SigningKey.read(Files.readString(key), key.toString());
    Path pub = dir.resolve("pub.pem");
    assertEquals(0, openssl("pkey", "-in", key.toString(), "-pubout", "-out", pub.toString()));
    assertEquals(signing.publicPem(), Files.readString(pub), "the same public key, PEM for PEM");

    Statement statement =
        new Statement(
            List.of(new Subject("bom.json", Map.of("sha256", "00ff"))),
            new Predicate(Predicate.CYCLONEDX_BOM, null));
    String bundle = new StatementSigner(signing).sign(statement).toJson();
    var dsse = new ObjectMapper().readTree(bundle).get("dsseEnvelope");
    byte[] payload = Base64.getDecoder().decode(dsse.get("payload").asText());
    Path pae = Files.write(dir.resolve("pae.bin"), Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
    Path sig =
        Files.write(
            dir.resolve("sig.der"),
            Base64.getDecoder().decode(dsse.at("/signatures/0/sig").asText()));
    assertEquals(
        0,
        openssl(
            "dgst",
            "-sha256",
            "-verify",
            pub.toString(),
            "-signature",
            sig.toString(),
            pae.toString()),
        "openssl verifies: " + Files.readString(dir.resolve("openssl.log")));
    Files.write(pae, "DSSEv1 0  0 ".getBytes(StandardCharsets.US_ASCII));
    assertEquals(
        1,
        openssl(
            "dgst",
            "-sha256",
            "-verify",
            pub.toString(),
            "-signature",
            sig.toString(),
            pae.toString()),
        "and refuses other bytes");
    new AttestationVerifier(signing.publicKey())
        .verify(bundle.getBytes(StandardCharsets.UTF_8), null, Predicate.CYCLONEDX_BOM);
  }
}
