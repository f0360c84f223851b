package dev.weft.proxy.identity;

import static dev.weft.proxy.identity.IdentityFixture.RELOAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.proxy.tls.TestCa;
import dev.weft.proxy.tls.TlsContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust bundle is re-read when it changes; a bad file never replaces a good bundle. */
class TrustReloadTest {
  @TempDir Path dir;
  private IdentityFixture f;
  private WorkloadIdentity identity;
  private final TestCa next = TestCa.create("next");

  @BeforeEach
  void setUp() throws Exception {
    f = new IdentityFixture(dir);
    identity = f.start();
    f.scheduler.runDue();
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  @Test
  void aChangedBundleIsLoadedAndNewContextsAreBuilt() throws Exception {
    TlsContexts before = identity.contexts();
    f.writeTrust(f.ca.root(), next.root());

    f.scheduler.advance(RELOAD);

    assertEquals(List.of(f.ca.root(), next.root()), identity.trustAnchors());
    assertEquals(2, f.metric("identity_trust_anchors"));
    assertNotSame(before, identity.contexts());
  }

  @Test
  void anUnchangedBundleKeepsTheContexts() {
    TlsContexts before = identity.contexts();
    f.scheduler.advance(RELOAD.multipliedBy(3));
    assertSame(before, identity.contexts());
  }

  @Test
  void aBadOrEmptyFileKeepsThePreviousBundle() throws Exception {
    TlsContexts before = identity.contexts();
    for (String bad :
        List.of(
            "",
            "not a certificate",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            TestCa.pem(
                f.ca.leaf("x.demo.serviceaccount.identity.weft.cluster.local").certificate()))) {
      Files.writeString(f.trustFile, bad);
      f.scheduler.advance(RELOAD);
      assertEquals(List.of(f.ca.root()), identity.trustAnchors(), () -> "after: " + bad);
      assertSame(before, identity.contexts());
    }
    Files.delete(f.trustFile);
    f.scheduler.advance(RELOAD);
    assertEquals(List.of(f.ca.root()), identity.trustAnchors());

    // And a good file after the bad ones is picked up.
    f.writeTrust(next.root());
    f.scheduler.advance(RELOAD);
    assertEquals(List.of(next.root()), identity.trustAnchors());
    assertEquals(1, f.metric("identity_trust_anchors"));
  }
}
