package dev.weft.demo.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Calls another demo service over HTTP/1.1 the way a meshed application does: the request goes to
 * the caller's own proxy (its outbound port) and names the callee in the {@code Host} header; the
 * proxy routes by that name. Without a mesh the "proxy" address is the callee itself.
 *
 * <p>Needs the system property {@code jdk.httpclient.allowRestrictedHeaders=host}, set before the
 * JDK's HTTP client is first used (the demo's main does it).
 */
public final class MeshHttpClient {
  private final InetSocketAddress proxy;
  private final Duration timeout;
  private final HttpClient client;

  public MeshHttpClient(InetSocketAddress proxy, Duration timeout) {
    this.proxy = proxy;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The answer of a call; {@code failure} is set when there was no HTTP answer at all. */
  public record Answer(int status, String body, String failure) {
    public boolean ok() {
      return failure == null && status >= 200 && status < 300;
    }

    /** Why the call did not succeed, for an error response of the caller. */
    public String problem() {
      return failure != null ? failure : "answered " + status + ": " + body.strip();
    }
  }

  /** GET {@code path} from {@code authority}, waiting at most the timeout. */
  public Answer get(String authority, String path) throws InterruptedException {
    try {
      HttpResponse<String> response =
          client.send(request(authority, path), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), null);
    } catch (HttpTimeoutException e) {
      return new Answer(0, "", "no answer within " + timeout);
    } catch (IOException e) {
      return new Answer(0, "", "unreachable (" + describe(e) + ")");
    }
  }

  /** As {@link #get} without blocking; the future always completes with an answer. */
  public CompletableFuture<Answer> getAsync(String authority, String path) {
    return client
        .sendAsync(request(authority, path), HttpResponse.BodyHandlers.ofString())
        .handle((response, error) -> {
          if (error == null) {
            return new Answer(response.statusCode(), response.body(), null);
          }
          Throwable cause = error.getCause() != null ? error.getCause() : error;
          if (cause instanceof HttpTimeoutException) {
            return new Answer(0, "", "no answer within " + timeout);
          }
          return new Answer(0, "", "unreachable (" + describe(cause) + ")");
        });
  }

  private HttpRequest request(String authority, String path) {
    URI uri = URI.create("http://" + proxy.getHostString() + ":" + proxy.getPort() + path);
    return HttpRequest.newBuilder(uri).header("Host", authority).timeout(timeout).GET().build();
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
  }
}
