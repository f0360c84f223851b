package dev.weft.enterprise.controlplane;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.util.Optional;

/**
 * The license settings as system properties ({@code -Dweft.license=...}): the licensing module
 * reads them itself (they are also WEFT_LICENSE, WEFT_LICENSE_FILE, ...), but the OSS control
 * plane's {@code weft.*} mapping refuses unknown {@code weft.*} properties at start, so they are
 * declared here for Quarkus to accept them.
 */
@ConfigMapping(prefix = "weft.license")
public interface LicenseSettings {
  /** {@code weft.license}: the key. */
  @WithParentName
  Optional<String> key();

  /** {@code weft.license.file}: a file holding the key. */
  Optional<String> file();

  /** {@code weft.license.grace}: how long an expired key keeps working (default 30d). */
  Optional<String> grace();

  /** {@code weft.license.extra.public.key}: testing only. */
  @WithName("extra.public.key")
  Optional<String> extraPublicKey();
}
