package io.gpenspark.restore;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.model.FaceModel;
import io.gpenspark.model.FaceModels;
import io.gpenspark.model.ModelSource;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/** Chooses the restorer from configuration; never falls back silently. */
public final class Restorers {
  private static final String FETCH = "`models/fetch GPEN-BFR-512` (see models/README.md)";

  private Restorers() {}

  /**
   * The identity restorer when restore.enabled=false; otherwise GPEN with the weights at
   * model.path (any Hadoop FS URI, checked against model.sha256 when set).
   */
  public static Restorer create(ConfigReader cfg, Configuration hadoop) {
    if (!cfg.bool("restore.enabled")) {
      return new IdentityRestorer();
    }
    RestoreSettings settings = RestoreSettings.from(cfg);
    String uri = cfg.optionalString("model.path").orElseThrow(() -> ConfigReader.invalid("model.path",
        "is required when restore.enabled=true: get GPEN weights with " + FETCH
            + " and set model.path=models/GPEN-BFR-512.pth, or set restore.enabled=false"));
    Path local;
    try {
      local = ModelSource.localFile(uri, hadoop, cfg.optionalString("model.sha256"), ModelSource.cacheDir(cfg));
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException("configuration key 'model.path': " + e.getMessage()
          + "; put the GPEN weights there or fetch them with " + FETCH, e);
    }
    Device device = device(cfg);
    try {
      FaceModel model = FaceModels.load(local, cfg.optionalString("model.state-dict-key"), device);
      return new GpenRestorer(model, settings);
    } catch (IOException e) {
      throw ConfigReader.invalid("model.path", "cannot load GPEN from " + uri + ": " + e.getMessage());
    }
  }

  /** model.device: auto (null: the engine's default, a GPU when it sees one) | cpu | gpu. */
  private static Device device(ConfigReader cfg) {
    return switch (cfg.oneOf("model.device", "auto", "cpu", "gpu")) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (Engine.getEngine("PyTorch").getGpuCount() == 0) {
          throw ConfigReader.invalid("model.device", "is gpu but PyTorch sees no GPU on this machine");
        }
        yield Device.gpu();
      }
      default -> null;
    };
  }
}
