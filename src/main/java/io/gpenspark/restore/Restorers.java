package io.gpenspark.restore;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.InvalidConfigException;
import org.apache.hadoop.conf.Configuration;

/** Chooses the restorer from configuration; never falls back silently. */
public final class Restorers {
  private Restorers() {}

  public static Restorer create(ConfigReader cfg, Configuration hadoop) {
    if (!cfg.bool("restore.enabled")) {
      return new IdentityRestorer();
    }
    throw new InvalidConfigException("restore.enabled=true needs GPEN weights: set model.path to a GPEN .pth "
        + "or TorchScript .pt (see models/README.md), or set restore.enabled=false to run without restoration");
  }
}
