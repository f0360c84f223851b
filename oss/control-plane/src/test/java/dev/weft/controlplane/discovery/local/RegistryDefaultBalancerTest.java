package dev.weft.controlplane.discovery.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.api.destination.v1.Update;
import dev.weft.controlplane.discovery.DefaultBalancers;
import dev.weft.controlplane.discovery.DestinationTestServer;
import dev.weft.controlplane.discovery.DiscoveryIndex;
import dev.weft.controlplane.discovery.WatchClient;
import dev.weft.controlplane.extension.ExtensionContext;
import dev.weft.controlplane.extension.ExtensionStatuses;
import dev.weft.controlplane.inject.ProxyEnvironment;
import dev.weft.spi.controlplane.BalancerChoice;
import dev.weft.spi.controlplane.ServiceRef;
import dev.weft.testkit.Await;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control-plane extension's default balancer (through its context, in local mode) in the answers
 * of watches of registry services.
 */
class RegistryDefaultBalancerTest {
  static final String REGISTRY =
      """
      service books:80
        endpoint 127.0.0.1:7721 identity=books.demo.serviceaccount.identity.weft.cluster.local
      service authors:80
        endpoint 127.0.0.1:7730
        balancer round-robin
      service reviews:80 label.namespace=shop
        endpoint 127.0.0.1:7740
      """;
  static final BalancerChoice HAZL = new BalancerChoice("hazl", Map.of("band.high", "3"));

  @TempDir Path dir;
  private final DiscoveryIndex index = new DiscoveryIndex();
  private final DefaultBalancers balancers = new DefaultBalancers(index);
  private final ExtensionContext context =
      new ExtensionContext(
          "local",
          "weft",
          () -> 0,
          new SimpleMeterRegistry(),
          null,
          new ExtensionStatuses(),
          balancers,
          new ProxyEnvironment());
  private LocalRegistry registry;
  private DestinationTestServer server;

  @BeforeEach
  void start() throws IOException {
    replace(REGISTRY);
    registry = LocalRegistry.start(dir, index);
    server = new DestinationTestServer(index, balancers);
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void theChoiceFillsPoliciesThatNameNoBalancerOnly() {
    List<ServiceRef> asked = new CopyOnWriteArrayList<>();
    context.balancerDefaults(service -> {
      asked.add(service);
      return Optional.of(HAZL);
    });
    WatchClient books = server.watch("books:80");
    WatchClient authors = server.watch("authors:80");
    WatchClient reviews = server.watch("reviews:80");
    Await.until(() -> balancer(books).equals("hazl"), "books with the default balancer");
    assertEquals(Map.of("band.high", "3"), books.policy().getBalancerConfigMap());
    Await.until(() -> balancer(reviews).equals("hazl"), "reviews with the default balancer");
    Await.until(() -> authors.policy() != null, "authors' policy");
    assertEquals("round-robin", authors.policy().getBalancer(), "its own balancer line wins");
    assertEquals(Map.of(), authors.policy().getBalancerConfigMap());
    assertTrue(
        asked.contains(new ServiceRef("demo", "books", Map.of())),
        "the namespace of the endpoints' identity: " + asked);
    assertTrue(asked.contains(new ServiceRef("shop", "reviews", Map.of())), asked.toString());
    assertTrue(asked.stream().noneMatch(s -> s.name().equals("authors")), asked.toString());
  }

  @Test
  void installingAndChangingTheChoiceResendsThePolicyToOpenWatches() {
    WatchClient books = server.watch("books:80");
    Await.until(() -> books.policy() != null, "the first policy");
    assertEquals("", books.policy().getBalancer(), "no chooser yet: the proxies' default");

    AtomicReference<Optional<BalancerChoice>> choice = new AtomicReference<>(Optional.of(HAZL));
    context.balancerDefaults(service -> choice.get());
    Await.until(() -> balancer(books).equals("hazl"), "the new chooser's answer");

    choice.set(Optional.of(new BalancerChoice("hazl", Map.of("band.high", "4"))));
    context.policiesChanged();
    Await.until(
        () -> books.policy().getBalancerConfigMap().equals(Map.of("band.high", "4")),
        "the changed answer");

    choice.set(Optional.empty());
    context.policiesChanged();
    Await.until(() -> balancer(books).isEmpty(), "back to the proxies' default");
    assertEquals(
        List.of(
            Update.KindCase.POLICY,
            Update.KindCase.ADD,
            Update.KindCase.POLICY,
            Update.KindCase.POLICY,
            Update.KindCase.POLICY),
        books.received().stream().map(Update::getKindCase).toList(),
        "only the policy is sent again, once per change");
  }

  @Test
  void aChooserThatThrowsIsIgnoredLoggedOnceAndDiscoveryGoesOn() throws IOException {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
              warnings.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(DefaultBalancers.class.getName());
    logger.addHandler(handler);
    try {
      throwingChooser(warnings);
    } finally {
      logger.removeHandler(handler);
    }
  }

  private void throwingChooser(List<LogRecord> warnings) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    context.balancerDefaults(service -> {
      calls.incrementAndGet();
      throw new IllegalStateException("no configuration loaded");
    });
    WatchClient books = server.watch("books:80");
    Await.until(() -> books.endpoints().size() == 1, "the first state");
    assertEquals("", books.policy().getBalancer());

    replace(REGISTRY.replace("7721", "7722"));
    Await.until(
        () -> books.endpoints().containsKey("127.0.0.1:7722"), "a later change still streams");
    assertEquals("", books.policy().getBalancer());
    assertTrue(calls.get() >= 2, "asked at each send: " + calls.get());
    assertEquals(1, warnings.size(), "logged once");
    assertEquals("no configuration loaded", warnings.getFirst().getThrown().getMessage());
  }

  private static String balancer(WatchClient watch) {
    return watch.policy() == null ? "-" : watch.policy().getBalancer();
  }

  /** Writes the registry atomically, as docs/discovery.md asks. */
  private void replace(String text) throws IOException {
    Path temporary = Files.writeString(dir.resolve("registry.tmp"), text);
    Files.move(
        temporary,
        dir.resolve(LocalRegistry.FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
