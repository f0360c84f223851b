package dev.weft.controlplane.identity;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificate signing requests as a proxy (or an attacker) would send them. */
public final class Csrs {
  private Csrs() {}

  public static KeyPair keys(String curve) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  /** A well-formed request for {@code commonName}, asking for {@code dnsNames} as SANs. */
  public static byte[] csr(KeyPair keys, String commonName, List<String> dnsNames)
      throws Exception {
    return csr(keys.getPublic(), keys.getPrivate(), commonName, dnsNames);
  }

  /**
   * A request for {@code publicKey} signed with {@code signingKey}: when they differ, the signature
   * proves nothing about the key asked for.
   */
  public static byte[] csr(
      PublicKey publicKey, PrivateKey signingKey, String commonName, List<String> dnsNames)
      throws Exception {
    PKCS10CertificationRequestBuilder builder =
        new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), publicKey);
    if (!dnsNames.isEmpty()) {
      ExtensionsGenerator extensions = new ExtensionsGenerator();
      extensions.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              dnsNames.stream()
                  .map(name -> new GeneralName(GeneralName.dNSName, name))
                  .toArray(GeneralName[]::new)));
      builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
    }
    return builder
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey))
        .getEncoded();
  }
}
