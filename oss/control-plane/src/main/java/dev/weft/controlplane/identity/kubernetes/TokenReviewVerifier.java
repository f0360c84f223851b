package dev.weft.controlplane.identity.kubernetes;

import static dev.weft.controlplane.identity.CertifyException.Reason.UNAUTHENTICATED;
import static dev.weft.controlplane.identity.CertifyException.Reason.UNAVAILABLE;
import static java.util.Objects.requireNonNull;

import dev.weft.controlplane.identity.CertifyException;
import dev.weft.controlplane.identity.TokenVerifier;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks ServiceAccount tokens with the API server's TokenReview, for the audience the proxy's
 * projected token was minted for. Blocking (one HTTP call per Certify).
 */
public final class TokenReviewVerifier implements TokenVerifier {
  /** The audience of the projected ServiceAccount token a proxy presents. */
  public static final String AUDIENCE = "identity.weft.dev";

  private final KubernetesClient client;
  private final String audience;

  public TokenReviewVerifier(KubernetesClient client, String audience) {
    this.client = requireNonNull(client, "client");
    this.audience = requireNonNull(audience, "audience");
  }

  @Override
  public String verify(byte[] token) throws CertifyException {
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(new String(token, StandardCharsets.UTF_8).strip())
            .withAudiences(audience)
            .endSpec()
            .build();
    TokenReview review;
    try {
      review = client.authentication().v1().tokenReviews().create(request);
    } catch (KubernetesClientException e) {
      throw new CertifyException(
          UNAVAILABLE, "TokenReview failed (HTTP " + e.getCode() + "): " + e.getMessage(), e);
    }
    TokenReviewStatus status = review.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated())) {
      String error = status == null ? null : status.getError();
      throw new CertifyException(
          UNAUTHENTICATED,
          "token rejected by TokenReview" + (error == null || error.isBlank() ? "" : ": " + error));
    }
    // The API server answers with the requested audiences the token is valid for; a token for
    // another audience (a plain ServiceAccount token, say) must not open the CA.
    List<String> audiences = status.getAudiences();
    if (audiences == null || !audiences.contains(audience)) {
      throw new CertifyException(
          UNAUTHENTICATED,
          "token is not for audience " + audience + " (TokenReview audiences: " + audiences + ")");
    }
    if (status.getUser() == null || status.getUser().getUsername() == null) {
      throw new CertifyException(UNAUTHENTICATED, "TokenReview named no user for the token");
    }
    return status.getUser().getUsername();
  }
}
