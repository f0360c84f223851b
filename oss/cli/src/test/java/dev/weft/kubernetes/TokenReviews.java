package dev.weft.kubernetes;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers TokenReviews as kube-apiserver would for one projected ServiceAccount token: CRUD mode
 * cannot evaluate a review, so this is an expectation on the mock server.
 */
final class TokenReviews {
  private final AtomicInteger authenticated = new AtomicInteger();

  private TokenReviews() {}

  /**
   * {@code token} authenticates as {@code system:serviceaccount:NAMESPACE:ACCOUNT} for reviews
   * asking for one of {@code audiences} (those the token was minted for); any other token or
   * audience is refused with kube-apiserver's reasons.
   */
  static TokenReviews answer(
      MockCluster cluster, String token, String namespace, String account, List<String> audiences) {
    TokenReviews reviews = new TokenReviews();
    cluster
        .server()
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(
            201,
            request -> {
              TokenReview review =
                  Serialization.unmarshal(request.getUtf8Body(), TokenReview.class);
              List<String> wanted = review.getSpec().getAudiences();
              TokenReviewStatusBuilder status = new TokenReviewStatusBuilder();
              if (!token.equals(review.getSpec().getToken())) {
                status.withAuthenticated(false).withError("invalid bearer token");
              } else if (wanted.stream().noneMatch(audiences::contains)) {
                status
                    .withAuthenticated(false)
                    .withError(
                        "token audiences "
                            + audiences
                            + " is invalid for the target audiences "
                            + wanted);
              } else {
                reviews.authenticated.incrementAndGet();
                status
                    .withAuthenticated(true)
                    .withAudiences(wanted.stream().filter(audiences::contains).toList())
                    .withNewUser()
                    .withUsername("system:serviceaccount:" + namespace + ":" + account)
                    .endUser();
              }
              review.setStatus(status.build());
              return review;
            })
        .always();
    return reviews;
  }

  /** How many reviews of the token were answered authenticated. */
  int authenticated() {
    return authenticated.get();
  }
}
