package dev.weft.controlplane.discovery.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.destination.v1.Update;
import dev.weft.controlplane.discovery.DestinationTestServer;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.ServiceName;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry file, edited while a proxy watches through a real Destination server. */
class LocalRegistryTest {
  @TempDir Path dir;
  private final DiscoveryIndex index = new DiscoveryIndex();
  private LocalRegistry registry;
  private DestinationTestServer server;

  @BeforeEach
  void start() throws IOException {
    registry = LocalRegistry.start(dir, index);
    server = new DestinationTestServer(index);
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void editsReachAWatchingProxyWithoutARestart() throws IOException {
    assertTrue(index.synced());
    assertTrue(
        Files.readString(dir.resolve(LocalRegistry.FILE)).contains("# service books:80"),
        "a first start leaves a commented example");
    WatchClient books = server.watch("books:80");
    Await.until(() -> books.noSuchService() != null, "no_such_service before the file names it");
    assertTrue(books.noSuchService().contains("registry.conf"), books.noSuchService());

    replace(
        """
        service books:80
          endpoint 127.0.0.1:7721 zone=zone-a
          endpoint 127.0.0.1:7722 zone=zone-b
        """);
    Await.until(() -> books.endpoints().size() == 2, "the two endpoints");

    replace(
        """
        service books:80
          endpoint 127.0.0.1:7722 zone=zone-b
          endpoint 127.0.0.1:7723 zone=zone-b
          route slow match=GET:/slow timeout=5s
        """);
    Await.until(
        () ->
            books.endpoints().keySet().equals(Set.of("127.0.0.1:7722", "127.0.0.1:7723"))
                && books.policy().getRoutesCount() == 1,
        "7721 removed, 7723 added, a route");
    List<Update.KindCase> last =
        books.received().subList(1, books.received().size()).stream()
            .map(Update::getKindCase)
            .toList();
    assertEquals(
        List.of(
            Update.KindCase.POLICY,
            Update.KindCase.ADD,
            Update.KindCase.POLICY,
            Update.KindCase.REMOVE,
            Update.KindCase.ADD),
        last);
    assertEquals(1, books.received().getLast().getAdd().getEndpointsCount(), "only 7723 is new");
  }

  @Test
  void aBrokenServiceKeepsItsLastGoodDefinitionWhileOthersApply() throws IOException {
    WatchClient books = server.watch("books:80");
    replace("service books:80\n  endpoint 127.0.0.1:7721\n");
    Await.until(() -> books.endpoints().size() == 1, "books");

    // In place, not renamed: the other way editors save.
    Files.writeString(
        dir.resolve(LocalRegistry.FILE),
        """
        service books:80
          endpoint 127.0.0.1:7721
          endpoint 127.0.0.1:x
        service authors:80
          endpoint 127.0.0.1:7730
        service never:80
          endpoint nowhere
        """);
    Await.until(() -> index.get(ServiceName.parse("authors:80")) != null, "authors applied");
    assertEquals(
        List.of(
            new RegistryError(
                3,
                "registry.conf:3: endpoint '127.0.0.1:x': port 'x' is not a number (expected:"
                    + " 1..65535)"),
            new RegistryError(
                7,
                "registry.conf:7: endpoint 'nowhere': no port (expected: IP:PORT such as"
                    + " 127.0.0.1:8080)")),
        registry.status().errors());
    assertEquals(List.of("authors:80", "books:80"), registry.status().services());
    assertEquals(Set.of("127.0.0.1:7721"), books.endpoints().keySet(), "books kept as it was");
    assertEquals(null, index.get(ServiceName.parse("never:80")), "never good, never present");

    replace("service books:80\n  endpoint 127.0.0.1:7799\n");
    Await.until(
        () -> books.endpoints().keySet().equals(Set.of("127.0.0.1:7799")), "books fixed and moved");
    assertEquals(List.of(), registry.status().errors());
    assertEquals(null, index.get(ServiceName.parse("authors:80")), "authors left the file");
  }

  @Test
  void aDeletedFileMeansNoServices() throws IOException {
    WatchClient books = server.watch("books:80");
    replace("service books:80\n  endpoint 127.0.0.1:7721\n");
    Await.until(() -> books.endpoints().size() == 1, "books");
    Files.delete(dir.resolve(LocalRegistry.FILE));
    Await.until(() -> books.noSuchService() != null, "books gone with the file");
  }

  /** Writes a new file and renames it over the registry, as {@code weft up} and many editors do. */
  private void replace(String content) throws IOException {
    Path temporary = Files.createTempFile(dir, ".registry", ".tmp");
    Files.writeString(temporary, content);
    Files.move(
        temporary,
        dir.resolve(LocalRegistry.FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
