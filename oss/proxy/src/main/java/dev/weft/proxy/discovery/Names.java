package dev.weft.proxy.discovery;

import java.util.Locale;
import java.util.regex.Pattern;

/** Service names as discovery knows them: {@code host:port}, lower case, no trailing dot. */
public final class Names {
  private static final Pattern HOST = Pattern.compile("[a-z0-9_][a-z0-9._-]*|\\[[0-9a-f:.]+\\]");

  private Names() {}

  /**
   * The service name of an HTTP authority: lower case, without a trailing dot or user info, with
   * {@code :80} added when it names no port. Returns null for an empty or unusable authority.
   */
  public static String normalize(String authority) {
    if (authority == null) {
      return null;
    }
    String a = authority.trim().toLowerCase(Locale.ROOT);
    int at = a.lastIndexOf('@');
    if (at >= 0) {
      a = a.substring(at + 1);
    }
    if (a.isEmpty()) {
      return null;
    }
    String host;
    String port;
    int colon = a.lastIndexOf(':');
    if (colon > 0 && a.indexOf(']', colon) < 0) {
      host = a.substring(0, colon);
      port = a.substring(colon + 1);
    } else {
      host = a;
      port = "80";
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (!HOST.matcher(host).matches()
        || port.isEmpty()
        || port.length() > 5
        || !port.chars().allMatch(Character::isDigit)) {
      return null;
    }
    int p = Integer.parseInt(port);
    if (p < 1 || p > 65535) {
      return null;
    }
    return host + ":" + p;
  }
}
