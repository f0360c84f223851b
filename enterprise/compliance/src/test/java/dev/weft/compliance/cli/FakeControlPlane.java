package dev.weft.compliance.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A control plane's fleet API on 127.0.0.1 as the contract shapes its answers: {@code
 * /v1/fleet/components}, {@code /v1/fleet/sboms/{sha256}} and {@code /v1/fleet/posture}.
 */
final class FakeControlPlane implements AutoCloseable {
  static final String PROXY_1 = "a".repeat(64);
  static final String PROXY_2 = "b".repeat(64);
  static final String CONTROL_PLANE = "c".repeat(64);

  /** Two proxies of one build, one of another, and the control plane (local mode). */
  static final String COMPONENTS =
      """
      {"generatedAt":"2027-01-15T00:00:00Z","mode":"local","heartbeatIntervalSeconds":30,
       "components":[
        {"component":"control-plane","instance":"weft-control-plane","version":"0.1.0",
         "sha256":"%3$s","image":null,"imageDigest":null,"identity":null,"namespace":null,
         "workload":null,"zone":null,"startedAt":"2027-01-14T23:00:00Z",
         "lastSeen":"2027-01-15T00:00:00Z","sources":["self"],"sbom":true},
        {"component":"proxy","instance":"authors-0","version":"0.2.0","sha256":"%2$s",
         "image":null,"imageDigest":null,"identity":"authors.demo.serviceaccount.identity.weft.local",
         "namespace":"demo","workload":{"kind":"serviceaccount","name":"authors"},"zone":"",
         "startedAt":"2027-01-14T23:10:00Z","lastSeen":"2027-01-15T00:00:00Z",
         "sources":["heartbeat"],"sbom":false},
        {"component":"proxy","instance":"books-0","version":"0.1.0","sha256":"%1$s",
         "image":null,"imageDigest":null,"identity":"books.demo.serviceaccount.identity.weft.local",
         "identityVerified":true,
         "namespace":"demo","workload":{"kind":"serviceaccount","name":"books"},"zone":"zone-a",
         "startedAt":"2027-01-14T23:10:00Z","lastSeen":"2027-01-15T00:00:00Z",
         "sources":["heartbeat"],"sbom":true},
        {"component":"proxy","instance":"books-1","version":"0.1.0","sha256":"%1$s",
         "image":null,"imageDigest":null,"identity":"books.demo.serviceaccount.identity.weft.local",
         "identityVerified":false,
         "namespace":"demo","workload":{"kind":"serviceaccount","name":"books"},"zone":"zone-b",
         "startedAt":"2027-01-14T23:10:00Z","lastSeen":"2027-01-15T00:00:00Z",
         "sources":["heartbeat"],"sbom":true}
       ]}
      """
          .formatted(PROXY_1, PROXY_2, CONTROL_PLANE);

  static final String POSTURE =
      """
      {"generatedAt":"2027-01-15T00:00:00Z","window":"%s","from":"2027-01-14T23:00:00Z",
       "to":"2027-01-15T00:00:00Z",
       "edges":[{"source":{"identity":"books.demo.serviceaccount.identity.weft.local",
         "namespace":"demo","workload":"books"},
         "destination":{"authority":"authors:80","targetAddr":"127.0.0.1:7721",
         "identity":"authors.demo.serviceaccount.identity.weft.local"},
         "direction":"outbound","mtls":true,"connections":3,"requests":42}],
       "summary":{"edges":1,"mtlsEdges":1,"plaintextEdges":0,"requests":42,"mtlsRequests":42,
         "connections":3,"mtlsConnections":3},"proxies":2}
      """;

  private final HttpServer server;
  final Map<String, byte[]> sboms = new ConcurrentHashMap<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  volatile String components = COMPONENTS;

  FakeControlPlane() throws IOException {
    sboms.put(PROXY_1, resource("fleet/proxy-bom.json"));
    sboms.put(CONTROL_PLANE, resource("fleet/control-plane-bom.json"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = FakeControlPlane.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no test resource " + name);
      }
      return in.readAllBytes();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery();
    requests.add(ex.getRequestURI().toString());
    if (path.equals("/v1/fleet/components")) {
      send(ex, 200, components.getBytes(StandardCharsets.UTF_8));
    } else if (path.startsWith("/v1/fleet/sboms/")) {
      byte[] sbom = sboms.get(path.substring("/v1/fleet/sboms/".length()));
      send(ex, sbom == null ? 404 : 200, sbom == null ? error("no SBOM for it") : sbom);
    } else if (path.equals("/v1/fleet/posture")) {
      String window = query != null && query.startsWith("window=") ? query.substring(7) : "1h";
      if (!window.matches("[0-9]+[smh]")) {
        send(ex, 400, error("window: '" + window + "' (expected: a duration such as 1h)"));
      } else {
        send(ex, 200, POSTURE.formatted(window).getBytes(StandardCharsets.UTF_8));
      }
    } else {
      send(ex, 404, error("no route " + path));
    }
  }

  private static byte[] error(String message) {
    return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (var out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
