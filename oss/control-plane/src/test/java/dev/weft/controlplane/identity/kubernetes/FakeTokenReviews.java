package dev.weft.controlplane.identity.kubernetes;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * Answers TokenReviews on a CRUD-mode mock API server the way kube-apiserver would for a fixed set
 * of tokens. CRUD mode cannot evaluate a review, so this is an expectation, which the mock's mixed
 * dispatcher consults before its CRUD store.
 */
public final class FakeTokenReviews {
  /** What the API server knows about a token: its user and the audiences it was minted for. */
  public record Known(String username, List<String> audiences) {}

  private FakeTokenReviews() {}

  public static void install(KubernetesMockServer server, Map<String, Known> tokens) {
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(
            201,
            request -> {
              TokenReview review =
                  Serialization.unmarshal(request.getUtf8Body(), TokenReview.class);
              Known known = tokens.get(review.getSpec().getToken());
              List<String> wanted = review.getSpec().getAudiences();
              TokenReviewStatusBuilder status = new TokenReviewStatusBuilder();
              if (known == null) {
                status.withAuthenticated(false).withError("invalid bearer token");
              } else if (wanted.stream().noneMatch(known.audiences()::contains)) {
                status
                    .withAuthenticated(false)
                    .withError(
                        "token audiences "
                            + known.audiences()
                            + " is invalid for the target audiences "
                            + wanted);
              } else {
                status
                    .withAuthenticated(true)
                    .withAudiences(wanted.stream().filter(known.audiences()::contains).toList())
                    .withNewUser()
                    .withUsername(known.username())
                    .endUser();
              }
              review.setStatus(status.build());
              return review;
            })
        .always();
  }
}
