package dev.weft.proxy.discovery;

import java.util.Map;
import java.util.function.Function;

/**
 * What a route accepts: a path (exact, or a prefix), a method, and headers with exact values. A
 * null or empty part accepts anything.
 *
 * @param headers lower-case header names and the values they must have
 */
public record MatchSpec(
    String pathExact, String pathPrefix, String method, Map<String, String> headers) {
  public static final MatchSpec ANY = new MatchSpec(null, null, null, Map.of());

  public MatchSpec {
    headers = Map.copyOf(headers);
  }

  /**
   * Whether a request matches.
   *
   * @param path the request's path, without the query
   * @param header a header's value by lower-case name, or null
   */
  public boolean matches(String method, String path, Function<String, String> header) {
    if (this.method != null && !this.method.isEmpty() && !this.method.equals(method)) {
      return false;
    }
    if (pathExact != null && !pathExact.isEmpty() && !pathExact.equals(path)) {
      return false;
    }
    if (pathPrefix != null && !pathPrefix.isEmpty() && !prefixMatches(path)) {
      return false;
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (!h.getValue().equals(header.apply(h.getKey()))) {
        return false;
      }
    }
    return true;
  }

  // Gateway API semantics: "/books" matches "/books" and "/books/1", not "/bookshelf".
  private boolean prefixMatches(String path) {
    if (!path.startsWith(pathPrefix)) {
      return false;
    }
    return pathPrefix.endsWith("/")
        || path.length() == pathPrefix.length()
        || path.charAt(pathPrefix.length()) == '/';
  }
}
