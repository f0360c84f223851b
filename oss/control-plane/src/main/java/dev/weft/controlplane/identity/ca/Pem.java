package dev.weft.controlplane.identity.ca;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM encoding of certificates and private keys, as stored on disk and in Kubernetes objects. */
public final class Pem {
  private Pem() {}

  /** Encodes certificates as consecutive {@code CERTIFICATE} blocks, in the given order. */
  public static String certificates(List<X509Certificate> certificates) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Encodes a private key as PKCS#8 ({@code PRIVATE KEY}). */
  public static String privateKey(PrivateKey key) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Reads every {@code CERTIFICATE} block of {@code pem}, in order.
   *
   * @throws IllegalArgumentException naming {@code source} if the text holds anything else or is
   *     not valid PEM
   */
  public static List<X509Certificate> readCertificates(String pem, String source) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        if (!(object instanceof X509CertificateHolder holder)) {
          throw new IllegalArgumentException(
              source + ": expected only CERTIFICATE blocks, found " + object.getClass().getName());
        }
        certificates.add(converter.getCertificate(holder));
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException(source + ": not a valid PEM certificate list: " + e, e);
    }
    return certificates;
  }

  /**
   * Reads the one private key of {@code pem}: PKCS#8 ({@code PRIVATE KEY}) or SEC1/PKCS#1 ({@code
   * EC PRIVATE KEY}, {@code RSA PRIVATE KEY}), as cert-manager and openssl write them.
   */
  public static PrivateKey readPrivateKey(String pem, String source) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new IllegalArgumentException(
          source
              + ": expected a PRIVATE KEY block, found "
              + (object == null ? "nothing" : object.getClass().getSimpleName()));
    } catch (PEMException e) {
      throw new IllegalArgumentException(source + ": not a valid PEM private key: " + e, e);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not a valid PEM private key: " + e, e);
    }
  }
}
