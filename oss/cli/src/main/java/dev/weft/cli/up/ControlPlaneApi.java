package dev.weft.cli.up;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The calls {@code weft up} makes to the control plane's HTTP port (local mode). */
final class ControlPlaneApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  // The token is base64url with dots, never escaped, so its JSON string is taken as is.
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"\\\\]+)\"");

  private final URI base;
  private final HttpClient client;

  ControlPlaneApi(int httpPort) {
    this.base = URI.create("http://127.0.0.1:" + httpPort);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
  }

  URI readinessUrl() {
    return base.resolve("/q/health/ready");
  }

  /** Mints a bootstrap token proving {@code demo/SERVICE}, with the admin credential. */
  String mintToken(String adminToken, DemoService s) throws UpException {
    String body =
        "{\"namespace\":\""
            + DemoService.NAMESPACE
            + "\",\"serviceAccount\":\""
            + s.serviceName()
            + "\"}";
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve("/local/v1/tokens"))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UpException(
          "cannot ask the control plane for a token for "
              + s.serviceName()
              + " ("
              + request.uri()
              + "): "
              + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpException("interrupted while minting tokens", e);
    }
    if (response.statusCode() != 200) {
      throw new UpException(
          "the control plane refused a token for "
              + s.serviceName()
              + ": POST "
              + request.uri()
              + " answered "
              + response.statusCode()
              + " "
              + response.body().strip());
    }
    return token(response.body())
        .orElseThrow(() ->
            new UpException(
                "the control plane's answer to POST "
                    + request.uri()
                    + " has no \"token\": "
                    + response.body().strip()));
  }

  static Optional<String> token(String json) {
    Matcher m = TOKEN.matcher(json);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
