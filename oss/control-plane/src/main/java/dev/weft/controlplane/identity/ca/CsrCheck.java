package dev.weft.controlplane.identity.ca;

import static dev.weft.controlplane.identity.CertifyException.Reason.INVALID_ARGUMENT;

import dev.weft.controlplane.identity.CertifyException;
import dev.weft.controlplane.identity.IdentityName;
import java.io.IOException;
import java.security.PublicKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Validates a proxy's certificate signing request: well-formed DER, an ECDSA P-256 key, a signature
 * made with that key (proof of possession), and no name other than the identity asked for.
 */
public final class CsrCheck {
  private CsrCheck() {}

  /**
   * Returns the CSR's public key if the request is acceptable for {@code identity}.
   *
   * @throws CertifyException INVALID_ARGUMENT saying what is wrong with the request
   */
  public static PublicKey check(byte[] der, IdentityName identity) throws CertifyException {
    if (der.length == 0) {
      throw new CertifyException(INVALID_ARGUMENT, "certificate_signing_request is empty");
    }
    JcaPKCS10CertificationRequest csr;
    try {
      csr = new JcaPKCS10CertificationRequest(der);
      csr.getSubject(); // forces the lazy parts of a truncated request to fail here
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports malformed ASN.1 with several unchecked exception types.
      throw new CertifyException(
          INVALID_ARGUMENT,
          "certificate_signing_request is not a DER PKCS#10 request (" + e.getMessage() + ")",
          e);
    }
    checkKey(csr.getSubjectPublicKeyInfo());
    checkSignature(csr);
    checkNames(csr, identity);
    try {
      return csr.getPublicKey();
    } catch (java.security.GeneralSecurityException e) {
      throw new CertifyException(
          INVALID_ARGUMENT, "certificate_signing_request public key is unusable: " + e, e);
    }
  }

  private static void checkKey(SubjectPublicKeyInfo key) throws CertifyException {
    AlgorithmIdentifier algorithm = key.getAlgorithm();
    ASN1Encodable parameters = algorithm.getParameters();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
        || !SECObjectIdentifiers.secp256r1.equals(parameters)) {
      throw new CertifyException(
          INVALID_ARGUMENT,
          "certificate_signing_request key is "
              + algorithm.getAlgorithm()
              + (parameters == null ? "" : " " + parameters)
              + " (expected: ECDSA P-256, "
              + X9ObjectIdentifiers.id_ecPublicKey
              + " "
              + SECObjectIdentifiers.secp256r1
              + ")");
    }
  }

  private static void checkSignature(JcaPKCS10CertificationRequest csr) throws CertifyException {
    boolean valid;
    try {
      valid =
          csr.isSignatureValid(
              new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()));
    } catch (OperatorCreationException | PKCSException | RuntimeException e) {
      throw new CertifyException(
          INVALID_ARGUMENT,
          "certificate_signing_request signature cannot be checked (" + e.getMessage() + ")",
          e);
    }
    if (!valid) {
      throw new CertifyException(
          INVALID_ARGUMENT,
          "certificate_signing_request signature does not verify with its own key (no proof of"
              + " possession)");
    }
  }

  private static void checkNames(JcaPKCS10CertificationRequest csr, IdentityName identity)
      throws CertifyException {
    RDN[] commonNames = csr.getSubject().getRDNs(BCStyle.CN);
    if (commonNames.length != 1) {
      throw new CertifyException(
          INVALID_ARGUMENT,
          "certificate_signing_request subject has "
              + commonNames.length
              + " CNs (expected: exactly one, CN="
              + identity.name()
              + ")");
    }
    String commonName = IETFUtils.valueToString(commonNames[0].getFirst().getValue());
    if (!commonName.equals(identity.name())) {
      throw new CertifyException(
          INVALID_ARGUMENT,
          "certificate_signing_request names CN="
              + commonName
              + " but the identity asked for is "
              + identity.name());
    }
    for (GeneralName name : requestedNames(csr)) {
      String value = name.getName().toString();
      boolean ours =
          (name.getTagNo() == GeneralName.dNSName && value.equals(identity.name()))
              || (name.getTagNo() == GeneralName.uniformResourceIdentifier
                  && value.equals(identity.spiffeId()));
      if (!ours) {
        throw new CertifyException(
            INVALID_ARGUMENT,
            "certificate_signing_request asks for subject alternative name "
                + value
                + " but the identity asked for is "
                + identity.name()
                + " ("
                + identity.spiffeId()
                + ")");
      }
    }
  }

  private static GeneralName[] requestedNames(JcaPKCS10CertificationRequest csr)
      throws CertifyException {
    ASN1ObjectIdentifier extensionRequest = PKCSObjectIdentifiers.pkcs_9_at_extensionRequest;
    if (csr.getAttributes(extensionRequest).length == 0) {
      return new GeneralName[0];
    }
    try {
      Extensions extensions = csr.getRequestedExtensions();
      GeneralNames names =
          extensions == null
              ? null
              : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
      return names == null ? new GeneralName[0] : names.getNames();
    } catch (RuntimeException e) {
      throw new CertifyException(
          INVALID_ARGUMENT,
          "certificate_signing_request has a malformed extension request (" + e.getMessage() + ")",
          e);
    }
  }
}
