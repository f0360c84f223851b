package dev.weft.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A workload identity: a Kubernetes service account in a namespace, within a trust domain.
 *
 * <p>Spelled {@code SA.NS.serviceaccount.identity.weft.TRUST_DOMAIN} (the certificate's CN and DNS
 * SAN), {@code spiffe://TRUST_DOMAIN/ns/NS/sa/SA} (its URI SAN) and proven by a token whose subject
 * is {@code system:serviceaccount:NS:SA}.
 */
public record IdentityName(String serviceAccount, String namespace, String trustDomain) {
  private static final String SUBJECT_PREFIX = "system:serviceaccount:";
  private static final String LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  private static final Pattern NAMESPACE = Pattern.compile(LABEL);
  private static final Pattern SERVICE_ACCOUNT = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
  private static final Pattern TRUST_DOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")*");

  public IdentityName {
    requireNonNull(serviceAccount, "serviceAccount");
    requireNonNull(namespace, "namespace");
    requireNonNull(trustDomain, "trustDomain");
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace: \"" + namespace + "\" (expected: a DNS label such as demo)");
    }
    if (serviceAccount.length() > 253 || !SERVICE_ACCOUNT.matcher(serviceAccount).matches()) {
      throw new IllegalArgumentException(
          "service account: \"" + serviceAccount + "\" (expected: a DNS subdomain such as web)");
    }
    validateTrustDomain(trustDomain);
  }

  /** Checks a trust domain such as {@code cluster.local}. */
  public static String validateTrustDomain(String trustDomain) {
    if (!TRUST_DOMAIN.matcher(trustDomain).matches()) {
      throw new IllegalArgumentException(
          "trust domain: \"" + trustDomain + "\" (expected: a DNS name such as cluster.local)");
    }
    return trustDomain;
  }

  /** Parses {@code SA.NS.serviceaccount.identity.weft.TD} for the given trust domain. */
  public static IdentityName parse(String name, String trustDomain) {
    String suffix = ".serviceaccount.identity.weft." + trustDomain;
    if (!name.endsWith(suffix)) {
      throw new IllegalArgumentException(
          "identity \"" + name + "\" (expected: SA.NS" + suffix + ", e.g. web.demo" + suffix + ")");
    }
    String accountAndNamespace = name.substring(0, name.length() - suffix.length());
    // Namespaces are single DNS labels, so the last dot separates them from the account.
    int dot = accountAndNamespace.lastIndexOf('.');
    if (dot <= 0) {
      throw new IllegalArgumentException(
          "identity \""
              + name
              + "\" has no service account and namespace (expected: SA.NS"
              + suffix
              + ")");
    }
    try {
      return new IdentityName(
          accountAndNamespace.substring(0, dot),
          accountAndNamespace.substring(dot + 1),
          trustDomain);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("identity \"" + name + "\": " + e.getMessage(), e);
    }
  }

  /**
   * The identity a token subject proves, e.g. {@code system:serviceaccount:demo:web}.
   *
   * @throws IllegalArgumentException if the subject is not a service account's
   */
  public static IdentityName fromSubject(String subject, String trustDomain) {
    if (!subject.startsWith(SUBJECT_PREFIX)) {
      throw new IllegalArgumentException(
          "token subject \""
              + subject
              + "\" is not a service account (expected: "
              + SUBJECT_PREFIX
              + "NS:SA)");
    }
    String[] parts = subject.substring(SUBJECT_PREFIX.length()).split(":", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "token subject \"" + subject + "\" (expected: " + SUBJECT_PREFIX + "NS:SA)");
    }
    return new IdentityName(parts[1], parts[0], trustDomain);
  }

  public String name() {
    return serviceAccount + "." + namespace + ".serviceaccount.identity.weft." + trustDomain;
  }

  public String spiffeId() {
    return "spiffe://" + trustDomain + "/ns/" + namespace + "/sa/" + serviceAccount;
  }

  public String subject() {
    return SUBJECT_PREFIX + namespace + ":" + serviceAccount;
  }

  @Override
  public String toString() {
    return name();
  }
}
