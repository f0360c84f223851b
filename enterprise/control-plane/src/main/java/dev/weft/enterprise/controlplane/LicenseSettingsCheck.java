package dev.weft.enterprise.controlplane;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Warns at start when both a key and a key file are given, since only the key is used. Also what
 * makes Quarkus register {@link LicenseSettings}: a mapping nothing injects is left out, and the
 * {@code weft.license*} properties would then be refused as unknown.
 */
@ApplicationScoped
public class LicenseSettingsCheck {
  private static final Logger LOG = Logger.getLogger(LicenseSettingsCheck.class);

  void check(@Observes StartupEvent event, LicenseSettings settings) {
    if (settings.key().isPresent() && settings.file().isPresent()) {
      LOG.warnf(
          "weft.license and weft.license.file are both set: the key of weft.license is used and"
              + " %s is ignored",
          settings.file().get());
    }
  }
}
