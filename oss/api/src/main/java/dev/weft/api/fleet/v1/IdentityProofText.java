package dev.weft.api.fleet.v1;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes an {@link IdentityProof} signs, as {@code inventory.proto} defines them: the signer and
 * the verifier build them here, so they cannot drift apart.
 */
public final class IdentityProofText {
  /** The signature algorithm (JCA name) of identity proofs. */
  public static final String ALGORITHM = "SHA256withECDSA";

  private static final String DOMAIN = "weft.fleet.v1.IdentityProof";

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
}
