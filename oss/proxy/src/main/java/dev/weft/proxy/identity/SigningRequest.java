package dev.weft.proxy.identity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;

/**
 * The PKCS#10 request (RFC 2986) a proxy sends to Certify: its public key under its identity name,
 * with the name also asked for as a DNS subject alternative name.
 *
 * <p>Written here, a few DER structures over the JDK's signature, rather than with Bouncy Castle: a
 * proxy makes one request a day, and Bouncy Castle's classes (about 670 of them, loaded for good)
 * would be the largest part of a meshed proxy's class metadata.
 */
final class SigningRequest {
  private static final int SEQUENCE = 0x30;
  private static final int SET = 0x31;
  private static final int INTEGER = 0x02;
  private static final int BIT_STRING = 0x03;
  private static final int OCTET_STRING = 0x04;
  private static final int OID = 0x06;
  private static final int UTF8_STRING = 0x0c;

  /** [0] IMPLICIT SET OF: a CertificationRequestInfo's attributes. */
  private static final int ATTRIBUTES = 0xa0;

  /** [2] IMPLICIT IA5String: a GeneralName's dNSName. */
  private static final int DNS_NAME = 0x82;

  private static final byte[] OID_COMMON_NAME = {0x55, 0x04, 0x03}; // 2.5.4.3
  private static final byte[] OID_EXTENSION_REQUEST = { // 1.2.840.113549.1.9.14
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x09, 0x0e
  };
  private static final byte[] OID_SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11}; // 2.5.29.17
  private static final byte[] OID_ECDSA_WITH_SHA256 = { // 1.2.840.10045.4.3.2
    0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x04, 0x03, 0x02
  };

  private SigningRequest() {}

  /** DER of a request with subject CN = identity and a DNS SAN extension request for it. */
  static byte[] create(String identity, KeyPair keyPair) {
    byte[] name = identity.getBytes(StandardCharsets.US_ASCII);
    byte[] subject =
        der(SEQUENCE, der(SET, der(SEQUENCE, der(OID, OID_COMMON_NAME), der(UTF8_STRING, name))));
    byte[] sanExtension =
        der(
            SEQUENCE,
            der(OID, OID_SUBJECT_ALT_NAME),
            der(OCTET_STRING, der(SEQUENCE, der(DNS_NAME, name))));
    byte[] attributes =
        der(
            ATTRIBUTES,
            der(SEQUENCE, der(OID, OID_EXTENSION_REQUEST), der(SET, der(SEQUENCE, sanExtension))));
    byte[] info =
        der(
            SEQUENCE,
            der(INTEGER, new byte[] {0}),
            subject,
            keyPair.getPublic().getEncoded(), // SubjectPublicKeyInfo, DER already
            attributes);
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(keyPair.getPrivate());
      signer.update(info);
      byte[] signature = signer.sign(); // DER ECDSA-Sig-Value
      byte[] bits = new byte[signature.length + 1]; // no unused bits
      System.arraycopy(signature, 0, bits, 1, signature.length);
      return der(
          SEQUENCE, info, der(SEQUENCE, der(OID, OID_ECDSA_WITH_SHA256)), der(BIT_STRING, bits));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a CSR for " + identity + ": " + e, e);
    }
  }

  /** One DER element: the tag, the length (short or long form), then the parts' bytes. */
  private static byte[] der(int tag, byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
