package dev.weft.api.fleet.v1;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * The bytes an {@link IdentityProof} signs, as {@code inventory.proto} defines them: the signer and
 * the verifier build them here, so they cannot drift apart.
 */
public final class IdentityProofText {
  /** The signature algorithm (JCA name) of identity proofs. */
  public static final String ALGORITHM = "SHA256withECDSA";

  private static final String DOMAIN = "weft.fleet.v1.IdentityProof";
  private static final int DNS_NAME = 2;

  private IdentityProofText() {}

  /** The proof text of {@code heartbeat}'s fields, signed at {@code signedAtSeconds}. */
  public static byte[] of(Heartbeat heartbeat, long signedAtSeconds) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String field :
        new String[] {
          DOMAIN,
          heartbeat.getInstance(),
          heartbeat.getIdentity(),
          heartbeat.getSha256(),
          Long.toString(signedAtSeconds)
        }) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  /**
   * The identity a certificate names: its first DNS subject alternative name, or null. Identity
   * certificates carry exactly one; the proxy's TLS checks and the control plane's proof checks
   * both read it here.
   */
  public static String identity(X509Certificate certificate) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return null;
    }
    if (names == null) {
      return null;
    }
    for (List<?> name : names) {
      if (name.size() >= 2
          && name.get(0) instanceof Integer type
          && type == DNS_NAME
          && name.get(1) instanceof String dns) {
        return dns;
      }
    }
    return null;
  }
}
