package io.gpenspark.restore;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.model.FaceModel;
import io.gpenspark.model.FaceModels;
import io.gpenspark.model.ModelCache;
import io.gpenspark.model.ModelSettings;
import io.gpenspark.model.ModelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * Chooses the restorer from configuration; the one place a GPEN model is loaded. Never falls back
 * silently.
 */
public final class Restorers {
  private static final String FETCH = "`models/fetch GPEN-BFR-512` (see models/README.md)";

  private Restorers() {}

  /**
   * The identity restorer when restore.enabled=false; otherwise GPEN with the weights at
   * model.path, or the one GPEN file in models/ when it is not set (any Hadoop FS URI, checked against model.sha256 when set), loaded once per JVM
   * and shared through the {@link ModelCache} for {@code run}. Closing the restorer hands the
   * model back.
   */
  public static Restorer create(RestoreSettings settings, ModelSettings model, Configuration hadoop, String run) {
    if (!settings.enabled()) {
      return new IdentityRestorer();
    }
    return new GpenRestorer(FaceModels.shared(model.cacheKey(), run, () -> load(model, hadoop)), settings);
  }

  private static FaceModel load(ModelSettings model, Configuration hadoop) {
    String uri = model.weights();
    Path local;
    try {
      local = ModelSource.localFile(uri, hadoop, model.sha256(), model.cacheDir());
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException("configuration key 'model.path': " + e.getMessage()
          + "; put the GPEN weights there or fetch them with " + FETCH, e);
    }
    Device device = device(model.device());
    try {
      return FaceModels.load(local, model.stateDictKey(), device);
    } catch (IOException e) {
      throw ConfigReader.invalid("model.path", "cannot load GPEN from " + uri + ": " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw ConfigReader.invalid("model.path", "cannot load GPEN from " + uri + ": " + e.getCause().getMessage());
    }
  }

  /** model.device: auto (null: the engine's default, a GPU when it sees one) | cpu | gpu. */
  private static Device device(String name) {
    return switch (name) {
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
