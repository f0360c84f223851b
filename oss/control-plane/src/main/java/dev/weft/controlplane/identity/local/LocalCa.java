package dev.weft.controlplane.identity.local;

import static java.util.Objects.requireNonNull;

import dev.weft.controlplane.identity.ca.CaCertificates;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CaSnapshot;
import dev.weft.controlplane.identity.ca.Fingerprints;
import dev.weft.controlplane.identity.ca.Issuer;
import dev.weft.controlplane.identity.ca.Pem;
import dev.weft.controlplane.local.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The local mode's CA material on disk, and the three-step root rotation.
 *
 * <p>Layout under the state directory: {@code identity/trust-bundle.pem} (the roots proxies trust),
 * {@code identity/issuer.crt} and {@code issuer.key}, {@code identity/roots/root-N.crt} and {@code
 * root-N.key} (N grows with each new root). The bundle file is the source of truth for which roots
 * are trusted; the rotation phase is derived from it and the issuer, so a restart in the middle of
 * a rotation resumes it. Thread-safe: every mutation is synchronized and publishes a new snapshot.
 */
public final class LocalCa {
  static final String BUNDLE = "identity/trust-bundle.pem";
  static final String ISSUER_CERT = "identity/issuer.crt";
  static final String ISSUER_KEY = "identity/issuer.key";
  static final String ROOTS = "identity/roots";

  /** An issuer this close to its end is replaced at start, from the same root. */
  static final Duration ISSUER_RENEW_BEFORE = Duration.ofDays(30);

  private static final Logger LOG = Logger.getLogger(LocalCa.class);
  private static final Pattern ROOT_FILE = Pattern.compile("root-(\\d+)\\.crt");

  private record Root(int number, X509Certificate certificate, PrivateKey key) {}

  private final StateDirectory state;
  private final String trustDomain;
  private final Clock clock;
  private final SecureRandom random;
  private final CaHolder holder;
  private final TreeMap<Integer, Root> rootFiles = new TreeMap<>();
  private List<X509Certificate> bundle;
  private Issuer issuer;

  private LocalCa(
      StateDirectory state, String trustDomain, Clock clock, SecureRandom random, CaHolder holder) {
    this.state = state;
    this.trustDomain = trustDomain;
    this.clock = clock;
    this.random = random;
    this.holder = holder;
  }

  /**
   * Loads the CA from {@code state}, creating a root and an issuer on first start, and publishes it
   * to {@code holder}.
   *
   * @throws IllegalStateException naming the file at fault if the state is inconsistent
   */
  public static LocalCa open(
      StateDirectory state, String trustDomain, Clock clock, SecureRandom random, CaHolder holder) {
    LocalCa ca =
        new LocalCa(
            requireNonNull(state, "state"),
            requireNonNull(trustDomain, "trustDomain"),
            requireNonNull(clock, "clock"),
            requireNonNull(random, "random"),
            requireNonNull(holder, "holder"));
    synchronized (ca) {
      ca.load();
      ca.publish();
    }
    return ca;
  }

  public synchronized RotationStatus status() {
    return statusOf(phase());
  }

  /**
   * Step 1: a new root joins the bundle; the issuer (and so every new leaf) stays on the old one.
   */
  public synchronized RotationStatus addRoot() throws RotationConflictException {
    requirePhase(RotationPhase.STEADY, "add-root");
    Root root = newRoot(rootFiles.isEmpty() ? 1 : rootFiles.lastKey() + 1);
    List<X509Certificate> next = new ArrayList<>(bundle);
    next.add(root.certificate());
    writeBundle(next);
    LOG.infof(
        "Rotation: added root %s to %s",
        Fingerprints.sha256(root.certificate()), state.resolve(BUNDLE));
    publish();
    return statusOf(phase());
  }

  /** Step 2: a new issuer signed by the newest root signs every leaf from now on. */
  public synchronized RotationStatus moveIssuer() throws RotationConflictException {
    requirePhase(RotationPhase.ROOT_ADDED, "move-issuer");
    writeIssuer(newestRoot());
    LOG.infof("Rotation: issuer %s now chains to the newest root", fingerprint(issuer));
    publish();
    return statusOf(phase());
  }

  /** Step 3: only the newest root stays in the bundle; the old roots' files are deleted. */
  public synchronized RotationStatus dropOldRoots() throws RotationConflictException {
    requirePhase(RotationPhase.ISSUER_MOVED, "drop-old-roots");
    Root newest = newestRoot();
    writeBundle(List.of(newest.certificate()));
    for (Root old : List.copyOf(rootFiles.headMap(newest.number()).values())) {
      state.delete(ROOTS + "/root-" + old.number() + ".key");
      state.delete(ROOTS + "/root-" + old.number() + ".crt");
      rootFiles.remove(old.number());
    }
    LOG.infof("Rotation: the bundle holds only root %s", Fingerprints.sha256(newest.certificate()));
    publish();
    return statusOf(phase());
  }

  private void load() {
    state.createDirectory(ROOTS);
    loadRootFiles();
    if (!state.exists(BUNDLE)) {
      if (!rootFiles.isEmpty()) {
        throw new IllegalStateException(
            state.resolve(BUNDLE)
                + " is missing but "
                + state.resolve(ROOTS)
                + " holds roots; restore the bundle, or remove "
                + state.resolve("identity")
                + " to start with a new root");
      }
      LOG.infof("Creating the identity CA in %s", state.resolve("identity"));
      Root root = newRoot(1);
      writeBundle(List.of(root.certificate()));
      writeIssuer(root);
      return;
    }
    bundle = Pem.readCertificates(state.read(BUNDLE), state.resolve(BUNDLE).toString());
    if (bundle.isEmpty()) {
      throw new IllegalStateException(state.resolve(BUNDLE) + " holds no certificate");
    }
    // Roots whose files exist but which never made it into the bundle (an interrupted add-root) are
    // left alone: they are not trusted, and the next add-root takes a higher number.
    rootFiles.values().removeIf(root -> !bundle.contains(root.certificate()));
    if (rootFiles.isEmpty()) {
      throw new IllegalStateException(
          "no root of "
              + state.resolve(BUNDLE)
              + " has its certificate and key in "
              + state.resolve(ROOTS));
    }
    issuer = loadIssuer();
    if (issuer == null) {
      LOG.warnf(
          "%s and %s do not match or are missing; issuing a new issuer", ISSUER_CERT, ISSUER_KEY);
      writeIssuer(newestRoot());
    } else if (issuerRoot() == null) {
      throw new IllegalStateException(
          state.resolve(ISSUER_CERT) + " is not signed by any root of " + state.resolve(BUNDLE));
    } else if (issuer
        .certificate()
        .getNotAfter()
        .toInstant()
        .isBefore(clock.instant().plus(ISSUER_RENEW_BEFORE))) {
      LOG.infof(
          "The issuer expires at %s; replacing it", issuer.certificate().getNotAfter().toInstant());
      writeIssuer(issuerRoot());
    }
  }

  private void loadRootFiles() {
    Path dir = state.resolve(ROOTS);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Matcher matcher = ROOT_FILE.matcher(file.getFileName().toString());
        if (!matcher.matches()) {
          continue;
        }
        int number = Integer.parseInt(matcher.group(1));
        String keyFile = ROOTS + "/root-" + number + ".key";
        List<X509Certificate> certificates =
            Pem.readCertificates(Files.readString(file), file.toString());
        if (certificates.size() != 1) {
          throw new IllegalStateException(
              file + " holds " + certificates.size() + " certificates (expected: 1)");
        }
        PrivateKey key = null;
        if (state.exists(keyFile)) {
          state.ensurePrivate(keyFile);
          key = Pem.readPrivateKey(state.read(keyFile), state.resolve(keyFile).toString());
        }
        rootFiles.put(number, new Root(number, certificates.getFirst(), key));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e, e);
    }
  }

  private Issuer loadIssuer() {
    if (!state.exists(ISSUER_CERT) || !state.exists(ISSUER_KEY)) {
      return null;
    }
    state.ensurePrivate(ISSUER_KEY);
    List<X509Certificate> chain =
        Pem.readCertificates(state.read(ISSUER_CERT), state.resolve(ISSUER_CERT).toString());
    PrivateKey key =
        Pem.readPrivateKey(state.read(ISSUER_KEY), state.resolve(ISSUER_KEY).toString());
    if (chain.isEmpty() || !CaCertificates.keyMatches(key, chain.getFirst())) {
      return null; // an interrupted move-issuer wrote the key but not the certificate
    }
    return new Issuer(key, chain);
  }

  private Root newRoot(int number) {
    KeyPair keys = CaCertificates.newP256KeyPair(random);
    X509Certificate certificate =
        CaCertificates.newRoot(keys, trustDomain, clock.instant(), random);
    state.writePrivate(ROOTS + "/root-" + number + ".key", Pem.privateKey(keys.getPrivate()));
    state.writePublic(ROOTS + "/root-" + number + ".crt", Pem.certificates(List.of(certificate)));
    Root root = new Root(number, certificate, keys.getPrivate());
    rootFiles.put(number, root);
    return root;
  }

  private void writeIssuer(Root root) {
    if (root.key() == null) {
      throw new IllegalStateException(
          "cannot sign a new issuer: "
              + state.resolve(ROOTS + "/root-" + root.number() + ".key")
              + " is missing");
    }
    KeyPair keys = CaCertificates.newP256KeyPair(random);
    X509Certificate certificate =
        CaCertificates.newIssuer(
            keys.getPublic(), root.certificate(), root.key(), trustDomain, clock.instant(), random);
    // Key first: a crash between the two writes leaves a mismatch that the next start repairs.
    state.writePrivate(ISSUER_KEY, Pem.privateKey(keys.getPrivate()));
    state.writePublic(ISSUER_CERT, Pem.certificates(List.of(certificate)));
    issuer = new Issuer(keys.getPrivate(), List.of(certificate));
  }

  private void writeBundle(List<X509Certificate> roots) {
    state.writePublic(BUNDLE, Pem.certificates(roots));
    bundle = List.copyOf(roots);
  }

  private RotationPhase phase() {
    boolean onNewest =
        CaCertificates.signedBy(issuer.chain().getLast(), newestRoot().certificate());
    if (bundle.size() == 1 && onNewest) {
      return RotationPhase.STEADY;
    }
    return onNewest ? RotationPhase.ISSUER_MOVED : RotationPhase.ROOT_ADDED;
  }

  private void requirePhase(RotationPhase expected, String step) throws RotationConflictException {
    RotationPhase phase = phase();
    if (phase != expected) {
      throw new RotationConflictException(phase, step);
    }
  }

  private Root newestRoot() {
    return rootFiles.lastEntry().getValue();
  }

  private Root issuerRoot() {
    for (Map.Entry<Integer, Root> entry : rootFiles.entrySet()) {
      if (CaCertificates.signedBy(issuer.chain().getLast(), entry.getValue().certificate())) {
        return entry.getValue();
      }
    }
    return null;
  }

  private RotationStatus statusOf(RotationPhase phase) {
    Root root = issuerRoot();
    return new RotationStatus(
        phase.label(),
        phase.next(),
        bundle.stream().map(Fingerprints::sha256).toList(),
        fingerprint(issuer),
        root == null ? null : Fingerprints.sha256(root.certificate()));
  }

  private void publish() {
    holder.publish(new CaSnapshot(issuer, bundle));
  }

  private static String fingerprint(Issuer issuer) {
    return Fingerprints.sha256(issuer.certificate());
  }
}
