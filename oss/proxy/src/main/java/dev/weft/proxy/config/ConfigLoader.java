package dev.weft.proxy.config;

import dev.weft.proxy.controlplane.ControlPlaneTlsConfig;
import dev.weft.proxy.identity.IdentityConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;

/**
 * Reads the proxy's configuration from command-line flags and the environment.
 *
 * <p>Every setting {@code --some-key VALUE} (or {@code --some-key=VALUE}) can also be given as the
 * environment variable {@code WEFT_PROXY_SOME_KEY}; a flag wins over the environment. For the
 * benchmark harness's contract, {@code PROXY_LISTEN}, {@code PROXY_UPSTREAM} and {@code
 * PROXY_ADMIN} are read last, as defaults for {@code listen}, {@code forward} and {@code admin}.
 *
 * <p>A bad value fails with a {@link ConfigException} naming the key, the value and what was
 * expected.
 */
public final class ConfigLoader {
  /** The settings and their help text, in the order {@code --help} lists them. */
  static final Map<String, String> KEYS = new LinkedHashMap<>();

  static {
    KEYS.put("listen", "fixed-hop mode: address to accept on, e.g. 127.0.0.1:8080");
    KEYS.put(
        "forward",
        "fixed-hop mode: address every connection is forwarded to; several (A,B,C) are balanced");
    KEYS.put(
        "direction",
        "fixed-hop mode: direction label of its metrics, inbound or outbound (default inbound)");
    KEYS.put("inbound-listen", "sidecar mode: inbound listener (default 0.0.0.0:4143)");
    KEYS.put(
        "inbound-forward",
        "sidecar mode: the local application inbound traffic goes to, e.g. 127.0.0.1:8080");
    KEYS.put("outbound-listen", "sidecar mode: outbound listener (default 127.0.0.1:4140)");
    KEYS.put(
        "outbound-forward",
        "sidecar mode: where outbound traffic goes; several (A,B,C) are balanced");
    KEYS.put("admin", "admin listener for /metrics, /ready, /live (default 127.0.0.1:4191)");
    KEYS.put(
        "detect-timeout",
        "how long protocol detection waits before falling back to TCP (default 10s)");
    KEYS.put(
        "opaque-ports",
        "forward ports relayed as TCP without detection, e.g. 25,3306,8000-8010 (default "
            + ProxyDefaults.OPAQUE_PORTS
            + ")");
    KEYS.put("connect-timeout", "upstream connect timeout (default 3s)");
    KEYS.put("drain-timeout", "how long SIGTERM waits for in-flight requests (default 25s)");
    KEYS.put("idle-timeout", "how long an idle upstream connection is pooled (default 60s)");
    KEYS.put("workers", "event-loop threads (default: available processors)");
    KEYS.put(
        "identity-name",
        "this proxy's identity, e.g. web.demo.serviceaccount.identity.weft.cluster.local (enables"
            + " mTLS; needs the three identity-* settings below)");
    KEYS.put("identity-token-file", "file holding the token that proves the identity");
    KEYS.put("identity-trust-anchors", "PEM file of the trust anchors (re-read when it changes)");
    KEYS.put("identity-addr", "the control plane's identity service, e.g. 127.0.0.1:8090");
    KEYS.put(
        "identity-trust-reload",
        "how often the trust-anchors file is checked for changes (default 10s)");
    KEYS.put(
        "control-plane-identity",
        "the identity the control plane must present, e.g."
            + " weft-control-plane.weft.serviceaccount.identity.weft.cluster.local: TLS to"
            + " identity-addr and destination-addr, checked against identity-trust-anchors"
            + " (default: plaintext)");
    KEYS.put(
        "forward-identity",
        "the forward (or outbound-forward) target is a meshed proxy with this identity: use mTLS");
    KEYS.put(
        "routes",
        "outbound HTTP routes by authority: NAME=HOST:PORT[@IDENTITY],... (with @IDENTITY the"
            + " target is a meshed proxy reached over mTLS)");
    KEYS.put(
        "destination-addr",
        "the control plane's Destination service, e.g. 127.0.0.1:8090: outbound requests go to"
            + " the service their authority names");
    KEYS.put("zone", "this proxy's zone, e.g. zone-a (for zone-aware balancing)");
    KEYS.put(
        "balancer",
        "the balancer of services whose policy names none (default "
            + DiscoveryConfig.DEFAULT_BALANCER
            + ")");
    KEYS.put(
        "service-idle-timeout", "how long a service nobody sends to stays watched (default 10m)");
    KEYS.put(
        "instance",
        "the name this proxy reports in fleet heartbeats, e.g. its pod's name (default: the"
            + " HOSTNAME variable, else HOST/PID)");
    KEYS.put("log-level", "error, warn, info, debug or trace (default info)");
    KEYS.put(
        "max-authorities",
        "distinct authority label values before they are reported as 'overflow' (default 100)");
  }

  private final Map<String, String> flags;
  private final Map<String, String> env;

  private ConfigLoader(Map<String, String> flags, Map<String, String> env) {
    this.flags = flags;
    this.env = env;
  }

  /** Parses flags and environment into a validated configuration. */
  public static ProxyConfig load(List<String> args, Map<String, String> env) {
    return new ConfigLoader(parseFlags(args), env).build();
  }

  /** The usage text of {@code --help}. */
  public static String usage() {
    StringBuilder out =
        new StringBuilder(
                "usage: weft-proxy --listen ADDR --forward ADDR [--admin ADDR] [options]\n")
            .append(
                "       weft-proxy --inbound-forward ADDR [--outbound-forward ADDR] [options]\n")
            .append(
                "       weft-proxy [options]   (transparent: iptables redirects traffic here; see"
                    + " weft-init)\n\noptions (each also as WEFT_PROXY_<KEY> in the environment):\n");
    KEYS.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  --%-23s %s%n", k, v)));
    return out.toString();
  }

  static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new ConfigException(
            "unexpected argument '" + arg + "' (expected: --key value; see --help)");
      }
      String key = arg.substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        key = key.substring(0, eq);
      }
      if (!KEYS.containsKey(key)) {
        throw new ConfigException(
            "--"
                + key
                + ": unknown option (expected one of --"
                + String.join(", --", KEYS.keySet())
                + "; see --help)");
      }
      String value;
      if (eq >= 0) {
        value = arg.substring(2 + eq + 1);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        // No value starts with "--": "--listen --forward X" is a --listen without its value.
        value = args.get(++i);
      } else {
        throw new ConfigException("--" + key + ": missing value (expected: " + KEYS.get(key) + ")");
      }
      out.put(key, value);
    }
    return out;
  }

  private ProxyConfig build() {
    List<ListenerConfig> listeners = new ArrayList<>();
    InetSocketAddress listen = address("listen", legacy("PROXY_LISTEN"));
    List<InetSocketAddress> forwards = addresses("forward", legacy("PROXY_UPSTREAM"));
    InetSocketAddress forward = forwards.isEmpty() ? null : forwards.getFirst();
    if (listen != null || forward != null) {
      if (listen == null) {
        throw new ConfigException(
            name("listen"), null, "an address to accept on, since --forward is set");
      }
      if (forward == null) {
        throw new ConfigException(
            name("forward"), null, "an address to forward to, since --listen is set");
      }
      String direction = raw("direction", "inbound");
      if (!direction.equals("inbound") && !direction.equals("outbound")) {
        throw new ConfigException(name("direction"), direction, "inbound or outbound");
      }
      String forwardIdentity = identityName("forward-identity");
      List<Target> balanced = targets(forwards, forwardIdentity);
      listeners.add(
          new ListenerConfig(
              direction,
              listen,
              balanced.getFirst(),
              routes(),
              balanced.size() > 1 ? balanced : List.of(),
              false));
    } else {
      InetSocketAddress inboundForward = address("inbound-forward", null);
      List<InetSocketAddress> outboundForwards = addresses("outbound-forward", null);
      Map<String, Target> routes = routes();
      boolean discovered = raw("destination-addr", null) != null;
      // Neither forward target: both listeners take what iptables redirects to them (weft-init).
      boolean transparent = inboundForward == null && outboundForwards.isEmpty();
      InetSocketAddress inboundListen = address("inbound-listen", "0.0.0.0:4143");
      if (inboundForward != null || transparent) {
        listeners.add(
            new ListenerConfig(
                "inbound",
                inboundListen,
                inboundForward == null ? null : new Target(inboundForward, null),
                Map.of(),
                List.of(),
                false,
                transparent));
      }
      if (!outboundForwards.isEmpty() || !routes.isEmpty() || discovered || transparent) {
        String forwardIdentity = identityName("forward-identity");
        List<Target> balanced = targets(outboundForwards, forwardIdentity);
        InetSocketAddress outboundListen = address("outbound-listen", "127.0.0.1:4140");
        if (outboundListen.equals(inboundListen)) {
          throw new ConfigException(
              name("outbound-listen"),
              raw("outbound-listen", "127.0.0.1:4140"),
              "an address other than the inbound listener's");
        }
        listeners.add(
            new ListenerConfig(
                "outbound",
                outboundListen,
                balanced.isEmpty() ? null : balanced.getFirst(),
                routes,
                balanced.size() > 1 ? balanced : List.of(),
                discovered,
                transparent));
      }
    }
    return new ProxyConfig(
        listeners,
        address("admin", firstNonNull(legacy("PROXY_ADMIN"), "127.0.0.1:4191")),
        duration("detect-timeout", "10s"),
        ports("opaque-ports", ProxyDefaults.OPAQUE_PORTS),
        duration("connect-timeout", "3s"),
        duration("drain-timeout", "25s"),
        duration("idle-timeout", "60s"),
        integer("workers", Runtime.getRuntime().availableProcessors(), 1, 256),
        integer("max-authorities", 100, 1, 100_000),
        identity(),
        discovery(),
        logLevel(),
        controlPlaneTls(),
        instance());
  }

  /** The fleet inventory keys instances by this name: a bound, and nothing a log line splits. */
  private String instance() {
    String v = raw("instance", "");
    if (v.length() > 253 || !v.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw new ConfigException(
          name("instance"),
          v,
          "at most 253 printable ASCII characters without spaces, such as the pod's name");
    }
    return v;
  }

  /** The {@code java.util.logging} level of {@code --log-level}. */
  private Level logLevel() {
    String v = raw("log-level", "info");
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "error" -> Level.SEVERE;
      case "warn" -> Level.WARNING;
      case "info" -> Level.INFO;
      case "debug" -> Level.FINE;
      case "trace" -> Level.FINEST;
      default ->
          throw new ConfigException(name("log-level"), v, "one of error, warn, info, debug, trace");
    };
  }

  private ControlPlaneTlsConfig controlPlaneTls() {
    String identity = identityName("control-plane-identity");
    if (identity == null) {
      return ControlPlaneTlsConfig.PLAINTEXT;
    }
    String anchors = raw("identity-trust-anchors", null);
    if (anchors == null) {
      throw new ConfigException(
          name("identity-trust-anchors"),
          null,
          "a PEM file of trust anchors, since --control-plane-identity is set");
    }
    return new ControlPlaneTlsConfig(identity, Path.of(anchors));
  }

  private DiscoveryConfig discovery() {
    String balancer = raw("balancer", DiscoveryConfig.DEFAULT_BALANCER);
    if (!balancer.toLowerCase(Locale.ROOT).matches("[a-z0-9][a-z0-9-]*")) {
      throw new ConfigException(
          name("balancer"),
          balancer,
          "a balancer name such as " + DiscoveryConfig.DEFAULT_BALANCER);
    }
    String zone = raw("zone", "");
    if (!zone.isEmpty() && !zone.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new ConfigException(name("zone"), zone, "a zone name such as us-east-1a");
    }
    return new DiscoveryConfig(
        address("destination-addr", null),
        zone,
        balancer.toLowerCase(Locale.ROOT),
        duration("service-idle-timeout", "10m"));
  }

  private static List<Target> targets(List<InetSocketAddress> addresses, String identity) {
    List<Target> out = new ArrayList<>();
    for (InetSocketAddress a : addresses) {
      out.add(new Target(a, identity));
    }
    return out;
  }

  /** One address, or several separated by commas (each at most once). */
  private List<InetSocketAddress> addresses(String key, String fallback) {
    String v = raw(key, fallback);
    if (v == null) {
      return List.of();
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (String part : v.split(",")) {
      String a = part.trim();
      InetSocketAddress addr;
      try {
        addr = parseAddress(a);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name(key), v, e.getMessage() + " (one or more, comma-separated)");
      }
      if (out.contains(addr)) {
        throw new ConfigException(name(key), v, "each address at most once ('" + a + "')");
      }
      out.add(addr);
    }
    return out;
  }

  private IdentityConfig identity() {
    String name = identityName("identity-name");
    String token = raw("identity-token-file", null);
    String anchors = raw("identity-trust-anchors", null);
    InetSocketAddress addr = address("identity-addr", null);
    if (name == null) {
      for (String k : List.of("identity-token-file", "identity-trust-anchors", "identity-addr")) {
        // The trust anchors also check the control plane, for a proxy with discovery only.
        boolean checksControlPlane =
            k.equals("identity-trust-anchors") && raw("control-plane-identity", null) != null;
        if (raw(k, null) != null && !checksControlPlane) {
          throw new ConfigException(
              name("identity-name"), null, "the proxy's identity, since " + name(k) + " is set");
        }
      }
      return null;
    }
    if (token == null) {
      throw new ConfigException(
          name("identity-token-file"), null, "a token file, since --identity-name is set");
    }
    if (anchors == null) {
      throw new ConfigException(
          name("identity-trust-anchors"),
          null,
          "a PEM file of trust anchors, since --identity-name is set");
    }
    if (addr == null) {
      throw new ConfigException(
          name("identity-addr"),
          null,
          "the control plane's identity address, since --identity-name is set");
    }
    return new IdentityConfig(
        name, Path.of(token), Path.of(anchors), addr, duration("identity-trust-reload", "10s"));
  }

  /** An identity name: a DNS name (letters, digits, '-', '.'), as certificates carry it. */
  private String identityName(String key) {
    String v = raw(key, null);
    if (v != null && !isDnsName(v)) {
      throw new ConfigException(
          name(key), v, "a DNS name such as web.demo.serviceaccount.identity.weft.cluster.local");
    }
    return v == null ? null : v.toLowerCase(Locale.ROOT);
  }

  static boolean isDnsName(String v) {
    if (v.isEmpty() || v.length() > 253 || v.startsWith(".") || v.endsWith(".")) {
      return false;
    }
    for (String label : v.split("\\.", -1)) {
      if (label.isEmpty()
          || label.length() > 63
          || label.startsWith("-")
          || label.endsWith("-")
          || !label
              .chars()
              .allMatch(ch -> Character.isLetterOrDigit(ch) && ch < 128 || ch == '-')) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Target> routes() {
    String v = raw("routes", null);
    Map<String, Target> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    String expected =
        "comma-separated NAME=HOST:PORT[@IDENTITY] entries, e.g."
            + " books=127.0.0.1:4243@books.demo.serviceaccount.identity.weft.cluster.local";
    for (String part : v.split(",")) {
      String entry = part.trim();
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(name("routes"), entry, expected);
      }
      String authority = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String rest = entry.substring(eq + 1).trim();
      int at = rest.indexOf('@');
      String addr = at < 0 ? rest : rest.substring(0, at);
      String id = at < 0 ? null : rest.substring(at + 1);
      if (id != null && !isDnsName(id)) {
        throw new ConfigException(
            name("routes"), entry, "an identity after '@' that is a DNS name (" + expected + ")");
      }
      InetSocketAddress target;
      try {
        target = parseAddress(addr);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name("routes"), entry, e.getMessage() + " (" + expected + ")");
      }
      if (out.put(authority, new Target(target, id == null ? null : id.toLowerCase(Locale.ROOT)))
          != null) {
        throw new ConfigException(
            name("routes"), v, "each NAME at most once ('" + authority + "')");
      }
    }
    return out;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private String legacy(String variable) {
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : v;
  }

  /**
   * The name a person used for this key: the flag if given, else the environment variable that was
   * set, which for listen, forward and admin may be the harness's variable; the flag when neither
   * was set.
   */
  private String name(String key) {
    if (flags.containsKey(key)) {
      return "--" + key;
    }
    String legacy =
        switch (key) {
          case "listen" -> "PROXY_LISTEN";
          case "forward" -> "PROXY_UPSTREAM";
          case "admin" -> "PROXY_ADMIN";
          default -> null;
        };
    String own = env.get(envName(key));
    if (own != null && !own.isBlank()) {
      return envName(key);
    }
    if (legacy != null && legacy(legacy) != null) {
      return legacy;
    }
    return "--" + key;
  }

  static String envName(String key) {
    return "WEFT_PROXY_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private String raw(String key, String fallback) {
    String v = flags.get(key);
    if (v == null) {
      v = env.get(envName(key));
    }
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  private InetSocketAddress address(String key, String fallback) {
    String v = raw(key, fallback);
    if (v == null) {
      return null;
    }
    try {
      return parseAddress(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name(key), v, e.getMessage());
    }
  }

  /** Parses HOST:PORT; the exception's message says what was expected. */
  static InetSocketAddress parseAddress(String v) {
    String expected = "HOST:PORT with a port in 1-65535, e.g. 127.0.0.1:4140 or [::1]:4140";
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      throw new IllegalArgumentException(expected);
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(v.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(expected);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(expected);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("a resolvable host (" + e.getMessage() + ")");
    }
  }

  private Duration duration(String key, String fallback) {
    String v = raw(key, fallback);
    Duration d = parseDuration(v);
    if (d == null || d.isNegative() || d.isZero()) {
      throw new ConfigException(
          name(key), v, "a positive duration such as 500ms, 10s, 2m or PT10S");
    }
    return d;
  }

  static Duration parseDuration(String v) {
    try {
      if (v.startsWith("PT") || v.startsWith("pt")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> null;
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }

  private int integer(String key, int fallback, int min, int max) {
    String v = raw(key, null);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error naming the key
    }
    throw new ConfigException(name(key), v, "a whole number from " + min + " to " + max);
  }

  private Set<Integer> ports(String key, String fallback) {
    String v = raw(key, fallback);
    Set<Integer> out = new TreeSet<>();
    if (v.equals("none")) {
      return out;
    }
    String expected =
        "a comma-separated list of ports and ranges in 1-65535, e.g. 25,3306,8000-8010, or 'none'";
    for (String part : v.split(",")) {
      String p = part.trim();
      try {
        int dash = p.indexOf('-');
        int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
        int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1));
        if (lo < 1 || hi > 65535 || lo > hi) {
          throw new ConfigException(name(key), v, expected);
        }
        for (int port = lo; port <= hi; port++) {
          out.add(port);
        }
      } catch (NumberFormatException e) {
        throw new ConfigException(name(key), v, expected);
      }
    }
    return out;
  }
}
