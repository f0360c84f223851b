package dev.weft.proxy.identity;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a proxy obtains its workload identity.
 *
 * @param name the identity, e.g. {@code web.demo.serviceaccount.identity.weft.cluster.local}
 * @param tokenFile the token proving it; re-read on every certification, since tokens rotate
 * @param trustAnchors PEM file of the root certificates peers must chain to; re-read when it
 *     changes
 * @param controlPlane the control plane's Identity gRPC address (reached over TLS or plaintext as
 *     {@code --control-plane-identity} says)
 * @param trustReloadInterval how often {@code trustAnchors} is checked for changes
 */
public record IdentityConfig(
    String name,
    Path tokenFile,
    Path trustAnchors,
    InetSocketAddress controlPlane,
    Duration trustReloadInterval) {

  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  /**
   * Checks every field, throwing an {@link IllegalArgumentException} that names the first bad one.
   * The token file may be missing at start (it is retried); the trust anchors file must exist.
   */
  public IdentityConfig validate() {
    if (name == null || !DNS_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "identity name: "
              + (name == null ? "missing" : "'" + name + "'")
              + " (expected: a lower-case DNS name such as"
              + " web.demo.serviceaccount.identity.weft.cluster.local)");
    }
    if (tokenFile == null) {
      throw new IllegalArgumentException("identity token file: missing");
    }
    if (trustAnchors == null) {
      throw new IllegalArgumentException("identity trust anchors file: missing");
    }
    if (!Files.isRegularFile(trustAnchors)) {
      throw new IllegalArgumentException(
          "identity trust anchors file " + trustAnchors + ": does not exist or is not a file");
    }
    if (controlPlane == null) {
      throw new IllegalArgumentException("identity control plane address: missing");
    }
    if (controlPlane.getPort() <= 0) {
      throw new IllegalArgumentException(
          "identity control plane address: " + controlPlane + " (expected: a port > 0)");
    }
    if (trustReloadInterval == null
        || trustReloadInterval.isNegative()
        || trustReloadInterval.isZero()) {
      throw new IllegalArgumentException(
          "identity trust reload interval: " + trustReloadInterval + " (expected: > 0)");
    }
    return this;
  }
}
