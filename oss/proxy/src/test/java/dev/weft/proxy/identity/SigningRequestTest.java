package dev.weft.proxy.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.proxy.tls.TestCa;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;

/** The proxy's hand-written PKCS#10 request, read back by an independent parser. */
class SigningRequestTest {
  @Test
  void requestNamesTheIdentityCarriesTheKeyAndIsSignedByIt() throws Exception {
    check("web.demo.serviceaccount.identity.weft.cluster.local");
  }

  @Test
  void longNamesUseLongFormLengths() throws Exception {
    // 200+ bytes of name push several DER lengths past 127, into the long form.
    check("a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".demo.serviceaccount");
  }

  private static void check(String identity) throws Exception {
    KeyPair keys = TestCa.newKeyPair();
    JcaPKCS10CertificationRequest csr =
        new JcaPKCS10CertificationRequest(SigningRequest.create(identity, keys));

    assertTrue(
        csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(keys.getPublic())),
        "signed by the key it carries");
    assertArrayEquals(keys.getPublic().getEncoded(), csr.getPublicKey().getEncoded());
    assertEquals(
        identity,
        IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()));
    var requested = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
    assertEquals(1, requested.length);
    Extensions extensions = Extensions.getInstance(requested[0].getAttrValues().getObjectAt(0));
    GeneralNames san = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
    assertEquals(
        List.of(identity),
        java.util.Arrays.stream(san.getNames())
            .filter(n -> n.getTagNo() == GeneralName.dNSName)
            .map(n -> n.getName().toString())
            .toList());
    assertEquals("1.2.840.10045.4.3.2", csr.getSignatureAlgorithm().getAlgorithm().getId());
  }
}
