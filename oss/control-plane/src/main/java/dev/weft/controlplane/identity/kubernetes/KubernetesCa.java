package dev.weft.controlplane.identity.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.weft.controlplane.identity.ca.CaCertificates;
import dev.weft.controlplane.identity.ca.CaHolder;
import dev.weft.controlplane.identity.ca.CaSnapshot;
import dev.weft.controlplane.identity.ca.Fingerprints;
import dev.weft.controlplane.identity.ca.Issuer;
import dev.weft.controlplane.identity.ca.Pem;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Kubernetes mode's CA material: the issuer from a Secret ({@code tls.crt}, {@code tls.key}) and
 * the trust anchors from a ConfigMap ({@code ca-bundle.crt}), both watched.
 *
 * <p>A new snapshot is published only when the issuer's key matches its certificate and its chain
 * ends at a root of the bundle: during a rotation the ConfigMap must gain the new root before the
 * Secret moves to an issuer under it, and an issuer that nothing trusts is refused (the previous
 * one keeps signing) rather than handed to proxies that would reject its leaves.
 */
public final class KubernetesCa implements AutoCloseable {
  public static final String ISSUER_CERT_KEY = "tls.crt";
  public static final String ISSUER_KEY_KEY = "tls.key";
  public static final String BUNDLE_KEY = "ca-bundle.crt";

  private static final Logger LOG = Logger.getLogger(KubernetesCa.class);

  private final String namespace;
  private final String secretName;
  private final String configMapName;
  private final CaHolder holder;
  private final SharedIndexInformer<Secret> secretInformer;
  private final SharedIndexInformer<ConfigMap> configMapInformer;
  private Secret secret;
  private ConfigMap configMap;
  private String rejection = "the issuer Secret and trust-anchors ConfigMap are not loaded yet";

  private KubernetesCa(
      KubernetesClient client,
      String namespace,
      String secretName,
      String configMapName,
      CaHolder holder) {
    this.namespace = namespace;
    this.secretName = secretName;
    this.configMapName = configMapName;
    this.holder = holder;
    this.secretInformer =
        client
            .secrets()
            .inNamespace(namespace)
            .withName(secretName)
            .inform(handler(s -> secret = s), 0);
    this.configMapInformer =
        client
            .configMaps()
            .inNamespace(namespace)
            .withName(configMapName)
            .inform(handler(c -> configMap = c), 0);
  }

  /** Starts watching; the holder receives a snapshot once both objects are present and valid. */
  public static KubernetesCa watch(
      KubernetesClient client,
      String namespace,
      String secretName,
      String configMapName,
      CaHolder holder) {
    return new KubernetesCa(
        requireNonNull(client, "client"),
        requireNonNull(namespace, "namespace"),
        requireNonNull(secretName, "secretName"),
        requireNonNull(configMapName, "configMapName"),
        requireNonNull(holder, "holder"));
  }

  /** Why no (newer) snapshot is in force, for readiness and logs; null once one is. */
  public synchronized String rejection() {
    return rejection;
  }

  @Override
  public void close() {
    secretInformer.close();
    configMapInformer.close();
  }

  private <T> ResourceEventHandler<T> handler(Consumer<T> store) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        update(store, object);
      }

      @Override
      public void onUpdate(T old, T object) {
        update(store, object);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        // Keep signing with what was loaded: deleting the Secret must not stop the mesh.
        LOG.warnf("%s was deleted; the CA keeps its current issuer and roots", describe(object));
      }
    };
  }

  private synchronized <T> void update(Consumer<T> store, T object) {
    store.accept(object);
    if (secret == null || configMap == null) {
      return;
    }
    try {
      CaSnapshot snapshot = snapshot();
      holder.publish(snapshot);
      rejection = null;
      LOG.infof(
          "Loaded issuer %s and %d root(s) from %s/%s and %s/%s",
          Fingerprints.sha256(snapshot.issuer().certificate()),
          snapshot.roots().size(),
          namespace,
          secretName,
          namespace,
          configMapName);
    } catch (IllegalArgumentException e) {
      rejection = e.getMessage();
      LOG.errorf("Not loading the CA from Kubernetes: %s", e.getMessage());
    }
  }

  private CaSnapshot snapshot() {
    String secretSource = "Secret " + namespace + "/" + secretName;
    String configMapSource = "ConfigMap " + namespace + "/" + configMapName;
    String chainPem = secretValue(secretSource, ISSUER_CERT_KEY);
    String keyPem = secretValue(secretSource, ISSUER_KEY_KEY);
    String bundlePem = configMap.getData() == null ? null : configMap.getData().get(BUNDLE_KEY);
    if (bundlePem == null) {
      throw new IllegalArgumentException(configMapSource + " has no " + BUNDLE_KEY);
    }
    List<X509Certificate> roots =
        Pem.readCertificates(bundlePem, configMapSource + " " + BUNDLE_KEY);
    List<X509Certificate> chain =
        Pem.readCertificates(chainPem, secretSource + " " + ISSUER_CERT_KEY);
    PrivateKey key = Pem.readPrivateKey(keyPem, secretSource + " " + ISSUER_KEY_KEY);
    if (roots.isEmpty()) {
      throw new IllegalArgumentException(
          configMapSource + " " + BUNDLE_KEY + " holds no certificate");
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          secretSource + " " + ISSUER_CERT_KEY + " holds no certificate");
    }
    if (!CaCertificates.keyMatches(key, chain.getFirst())) {
      throw new IllegalArgumentException(
          secretSource + ": " + ISSUER_KEY_KEY + " is not the key of " + ISSUER_CERT_KEY);
    }
    // cert-manager appends the root to tls.crt; proxies get only the intermediates.
    List<X509Certificate> intermediates = new ArrayList<>();
    for (X509Certificate certificate : chain) {
      if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
        intermediates.add(certificate);
      }
    }
    if (intermediates.isEmpty()) {
      throw new IllegalArgumentException(
          secretSource
              + ": "
              + ISSUER_CERT_KEY
              + " is self-signed (expected: an issuer signed by a root)");
    }
    CaSnapshot snapshot = new CaSnapshot(new Issuer(key, intermediates), roots);
    if (snapshot.issuerRoot().isEmpty()) {
      throw new IllegalArgumentException(
          "the issuer in "
              + secretSource
              + " is not signed by any root of "
              + configMapSource
              + "; add its root to "
              + BUNDLE_KEY
              + " first");
    }
    return snapshot;
  }

  private String secretValue(String source, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      return new String(
          Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return secret.getStringData().get(key);
    }
    throw new IllegalArgumentException(source + " has no " + key);
  }

  private String describe(Object object) {
    return object instanceof Secret
        ? "Secret " + namespace + "/" + secretName
        : "ConfigMap " + namespace + "/" + configMapName;
  }
}
