package dev.weft.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kubeconfig files for tests that point a command line at a mock API server. */
public final class Kubeconfig {
  private Kubeconfig() {}

  /**
   * Writes {@code DIR/kubeconfig}, whose only context ({@code mock}, current) reaches {@code url}
   * with a bearer token, and returns its path.
   */
  public static Path write(Path dir, String url) throws IOException {
    return write(dir, url, null);
  }

  /** As {@link #write(Path, String)}, the context's namespace {@code namespace} (null: none). */
  public static Path write(Path dir, String url, String namespace) throws IOException {
    String context = namespace == null ? "" : "\n    namespace: " + namespace;
    return Files.writeString(
        dir.resolve("kubeconfig"),
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        users:
        - name: test
          user:
            token: test
        contexts:
        - name: mock
          context:
            cluster: mock
            user: test%s
        current-context: mock
        """
            .formatted(url, context));
  }
}
