package dev.weft.proxy.identity;

import java.io.IOException;
import java.security.KeyPair;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** The PKCS#10 request a proxy sends to Certify: its public key under its identity name. */
final class SigningRequest {
  private SigningRequest() {}

  /** DER of a request with subject CN = identity and a DNS SAN extension request for it. */
  static byte[] create(String identity, KeyPair keyPair) {
    try {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, identity)));
      return new JcaPKCS10CertificationRequestBuilder(
              new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, identity).build(),
              keyPair.getPublic())
          .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
          // Signed by the JDK's own EC provider: Bouncy Castle only builds the structure.
          .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()))
          .getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build a CSR for " + identity + ": " + e, e);
    }
  }
}
