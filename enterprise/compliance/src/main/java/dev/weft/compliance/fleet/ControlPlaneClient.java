package dev.weft.compliance.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.attest.cli.CommandFailure;
import dev.weft.attest.cli.Exits;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs of a control plane's fleet API ({@code /v1/fleet/...}, no token), each failure ending the
 * command with a line that names the URL and what to do.
 */
public final class ControlPlaneClient {
  /** The local mesh of {@code weft up}. */
  public static final String DEFAULT_URL = "http://127.0.0.1:7700";

  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  /**
   * @throws CommandFailure exit 2 when {@code url} is not an http(s) URL with a host
   */
  public ControlPlaneClient(String url) {
    this.base = parse(url);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The control plane's base URL, as given. */
  public URI base() {
    return base;
  }

  /** An answer: the status and the body. */
  public record Response(URI uri, int status, byte[] body) {
    /** The error the control plane gave ({@code {"error": ...}} or the first line of text). */
    public String error() {
      try {
        JsonNode n = JSON.readTree(body);
        for (String field : new String[] {"error", "message", "reason"}) {
          if (n != null && n.hasNonNull(field)) {
            return n.get(field).asText();
          }
        }
      } catch (IOException e) {
        // not JSON: the text itself, below
      }
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
      int nl = text.indexOf('\n');
      return text.isEmpty() ? "no detail" : nl < 0 ? text : text.substring(0, nl);
    }
  }

  /**
   * GET {@code path} (with its query) relative to the base.
   *
   * @throws CommandFailure exit 1 when the control plane cannot be reached
   */
  public Response get(String path) {
    URI uri = base.resolve(path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .GET()
            .build();
    try {
      HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(uri, r.statusCode(), r.body());
    } catch (IOException e) {
      throw new CommandFailure(
          Exits.FAILED,
          "cannot reach the control plane at " + base + " (" + reason(e) + ")",
          "start the mesh (weft up) or give --control-plane URL of a running control plane");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(Exits.FAILED, "interrupted while reading " + uri, "run it again");
    }
  }

  /**
   * GET {@code path} and read its JSON object, any answer but 200 ending the command.
   *
   * @param what what the answer is, for messages (e.g. {@code fleet inventory})
   */
  public JsonNode getObject(String path, String what) {
    Response r = get(path);
    if (r.status() != 200) {
      throw unexpected(r, what);
    }
    return object(r, what);
  }

  /** Reads the answer as a JSON object, ending the command when it is not one. */
  static JsonNode object(Response r, String what) {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n != null && n.isObject()) {
        return n;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new CommandFailure(
        Exits.FAILED,
        "GET " + r.uri() + ": not a " + what + " (expected: a JSON object)",
        "check that --control-plane names a Weft control plane");
  }

  /** A failure for an answer other than the one expected. */
  public static CommandFailure unexpected(Response r, String what) {
    return new CommandFailure(
        Exits.FAILED,
        "GET " + r.uri() + ": HTTP " + r.status() + " (" + r.error() + ") instead of the " + what,
        r.status() == 404
            ? "check that --control-plane names a Weft control plane with the fleet inventory"
            : "check the control plane's log");
  }

  private static URI parse(String url) {
    try {
      URI uri = new URI(url.endsWith("/") ? url : url + "/");
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(url, "not an http(s) URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new CommandFailure(
          Exits.USAGE,
          "--control-plane="
              + url
              + ": invalid (expected: an http(s) URL such as "
              + DEFAULT_URL
              + ")",
          "see --help");
    }
  }

  private static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return (m == null || m.isBlank() ? root.getClass().getSimpleName() : m).replace('\n', ' ');
  }
}
