package dev.weft.controlplane.identity;

import static dev.weft.controlplane.identity.CertifyException.Reason.PERMISSION_DENIED;
import static dev.weft.controlplane.identity.CertifyException.Reason.UNAUTHENTICATED;
import static dev.weft.controlplane.identity.CertifyException.Reason.UNAVAILABLE;
import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.weft.api.identity.v1.CertifyRequest;
import dev.weft.api.identity.v1.CertifyResponse;
import dev.weft.api.identity.v1.IdentityGrpc;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CaSnapshot;
import dev.weft.controlplane.identity.ca.CertificateAuthority;
import dev.weft.controlplane.identity.ca.CsrCheck;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.jboss.logging.Logger;

/**
 * The Identity gRPC service: checks the token, then the CSR, then signs. Each refusal becomes the
 * status the contract documents, with a message saying what was wrong; this is the only place
 * {@link CertifyException} reasons turn into gRPC statuses.
 */
public final class IdentityService extends IdentityGrpc.IdentityImplBase {
  private static final Logger LOG = Logger.getLogger(IdentityService.class);

  private final String trustDomain;
  private final TokenVerifier tokens;
  private final CaHolder ca;
  private final CertificateAuthority authority;
  private final IdentityMetrics metrics;

  public IdentityService(
      String trustDomain,
      TokenVerifier tokens,
      CaHolder ca,
      CertificateAuthority authority,
      IdentityMetrics metrics) {
    this.trustDomain = IdentityName.validateTrustDomain(trustDomain);
    this.tokens = requireNonNull(tokens, "tokens");
    this.ca = requireNonNull(ca, "ca");
    this.authority = requireNonNull(authority, "authority");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void certify(CertifyRequest request, StreamObserver<CertifyResponse> response) {
    CertifyResponse result;
    try {
      result = certify(request);
    } catch (CertifyException e) {
      metrics.refused(e.reason());
      LOG.infof(
          "Certify refused (%s) for \"%s\": %s", e.reason(), request.getIdentity(), e.getMessage());
      response.onError(status(e.reason()).withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    metrics.issued();
    response.onNext(result);
    response.onCompleted();
  }

  private CertifyResponse certify(CertifyRequest request) throws CertifyException {
    IdentityName asked;
    try {
      asked = IdentityName.parse(request.getIdentity(), trustDomain);
    } catch (IllegalArgumentException e) {
      throw new CertifyException(CertifyException.Reason.INVALID_ARGUMENT, e.getMessage(), e);
    }
    if (request.getToken().isEmpty()) {
      throw new CertifyException(UNAUTHENTICATED, "token is missing");
    }
    String subject = tokens.verify(request.getToken().toByteArray());
    IdentityName proven;
    try {
      proven = IdentityName.fromSubject(subject, trustDomain);
    } catch (IllegalArgumentException e) {
      throw new CertifyException(PERMISSION_DENIED, e.getMessage(), e);
    }
    if (!proven.equals(asked)) {
      throw new CertifyException(
          PERMISSION_DENIED,
          "token proves " + proven.name() + " (" + subject + "), not " + asked.name());
    }
    PublicKey key = CsrCheck.check(request.getCertificateSigningRequest().toByteArray(), asked);
    CaSnapshot snapshot =
        ca.current()
            .orElseThrow(
                () -> new CertifyException(UNAVAILABLE, "no issuer is loaded yet; retry later"));
    X509Certificate leaf = authority.issue(snapshot.issuer(), asked, key);
    LOG.debugf("Issued a leaf for %s, valid until %s", asked, leaf.getNotAfter().toInstant());
    CertifyResponse.Builder builder =
        CertifyResponse.newBuilder()
            .setLeafCertificate(der(leaf))
            .setValidUntil(
                Timestamp.newBuilder().setSeconds(leaf.getNotAfter().toInstant().getEpochSecond()));
    for (X509Certificate intermediate : snapshot.issuer().chain()) {
      builder.addIntermediateCertificates(der(intermediate));
    }
    return builder.build();
  }

  private static ByteString der(X509Certificate certificate) {
    try {
      return ByteString.copyFrom(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
    }
  }

  private static Status status(CertifyException.Reason reason) {
    return switch (reason) {
      case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case UNAVAILABLE -> Status.UNAVAILABLE;
    };
  }
}
