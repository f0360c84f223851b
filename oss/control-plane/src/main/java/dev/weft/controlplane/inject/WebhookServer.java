package dev.weft.controlplane.inject;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SSLOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The HTTPS listener of {@code POST /inject}.
 *
 * <p>A second Vert.x HTTP server on Quarkus's own Vert.x instance, not a route of Quarkus's HTTP
 * server: the API server must reach the webhook over TLS, while health probes and Prometheus scrape
 * plain HTTP on 9990; Quarkus's server would put both on one port (or need TLS for probes too). A
 * server of our own keeps the TLS port to this one path, shares Quarkus's event loops, and lets us
 * swap the certificate in place ({@link HttpServer#updateSSLOptions}) when Kubernetes rewrites the
 * mounted Secret, without dropping connections.
 *
 * <p>The certificate files are polled: a mounted Secret changes by a symlink swap that file watches
 * see unreliably, and a read of two small files every few seconds costs nothing.
 */
final class WebhookServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebhookServer.class);
  // An AdmissionReview carries the pod (and, for updates, its old version): objects are at most
  // ~1.5 MiB in etcd, so anything far larger is not a review.
  private static final long MAX_BODY = 8L * 1024 * 1024;

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final Path certFile;
  private final Path keyFile;
  private final AdmissionReviews reviews;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final long timer;
  private volatile HttpServer server;
  private volatile WebhookCertificate current;
  private volatile WebhookCertificate lastTried;
  private volatile String certificateProblem = "not loaded yet";
  private String lastReadError;

  WebhookServer(
      Vertx vertx,
      String host,
      int port,
      Path certFile,
      Path keyFile,
      Duration reloadInterval,
      AdmissionReviews reviews) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.reviews = reviews;
    reconcile();
    // The check reads files, so it runs on a worker, never on the event loop.
    this.timer =
        vertx.setPeriodic(
            reloadInterval.toMillis(),
            id ->
                vertx.executeBlocking(
                    () -> {
                      reconcile();
                      return null;
                    },
                    false));
  }

  /** The bound port, or -1 while not listening. */
  int port() {
    HttpServer s = server;
    return s == null ? -1 : s.actualPort();
  }

  /** Null when a valid certificate is served; else why not. */
  String certificateProblem() {
    return certificateProblem;
  }

  /** The certificate served now, or null. */
  WebhookCertificate certificate() {
    return current;
  }

  /** Loads the files if they changed, and listens (first time) or swaps the certificate. */
  synchronized void reconcile() {
    WebhookCertificate read;
    try {
      read = WebhookCertificate.read(certFile, keyFile);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().equals(lastReadError)) { // once per distinct problem, not every tick
        LOG.warnf(
            "injector: %s%s",
            e.getMessage(),
            current == null ? "; not listening until it is fixed" : "; keeping the served one");
      }
      lastReadError = e.getMessage();
      if (current == null) {
        certificateProblem = e.getMessage();
      }
      return;
    }
    lastReadError = null;
    if (read.sameFilesAs(lastTried)) {
      return;
    }
    lastTried = read;
    PemKeyCertOptions keyCert =
        new PemKeyCertOptions()
            .setCertValue(Buffer.buffer(read.certPem()))
            .setKeyValue(Buffer.buffer(read.keyPem()));
    try {
      if (server == null) {
        listen(keyCert);
      } else {
        server
            .updateSSLOptions(new SSLOptions().setKeyCertOptions(keyCert))
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
        LOG.infof("injector: serving the new certificate %s", read.describe());
      }
      current = read;
      certificateProblem = null;
    } catch (ExecutionException e) {
      refused(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      refused(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      refused(e);
    }
  }

  private void refused(Throwable e) {
    String why =
        (server == null ? "cannot listen on port " + port : "new certificate refused") + ": " + e;
    LOG.errorf("injector: %s", why);
    if (server == null) {
      certificateProblem = why;
      lastTried = null; // not listening: try again at the next tick even if the files stay
    }
  }

  private void listen(PemKeyCertOptions keyCert)
      throws ExecutionException, TimeoutException, InterruptedException {
    HttpServerOptions options =
        new HttpServerOptions().setSsl(true).setKeyCertOptions(keyCert).setHost(host).setPort(port);
    HttpServer created = vertx.createHttpServer(options).requestHandler(this::handle);
    server = created.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    LOG.infof(
        "injector: webhook listening on https://%s:%d/inject (certificate %s)",
        host, server.actualPort(), lastTried.describe());
  }

  private void handle(HttpServerRequest request) {
    if (!request.path().equals("/inject")) {
      request.response().setStatusCode(404).end("{\"error\":\"only POST /inject is served here\"}");
      return;
    }
    if (request.method() != HttpMethod.POST) {
      request.response().setStatusCode(405).putHeader("Allow", "POST").end();
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > MAX_BODY) {
      request.response().setStatusCode(413).end("{\"error\":\"body over 8 MiB\"}");
      return;
    }
    request
        .body()
        .onSuccess(body ->
            handlers.execute(() -> {
              AdmissionAnswer answer = reviews.answer(body.getBytes());
              request
                  .response()
                  .setStatusCode(answer.status())
                  .putHeader("Content-Type", "application/json")
                  .end(answer.body());
            }))
        .onFailure(e -> {
          LOG.warnf("inject: the request body could not be read: %s", e.getMessage());
          request.response().setStatusCode(400).end();
        });
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
    HttpServer s = server;
    if (s != null) {
      s.close();
    }
    handlers.shutdownNow();
  }
}
