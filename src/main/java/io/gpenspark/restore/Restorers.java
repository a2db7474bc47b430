package io.gpenspark.restore;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.model.DeviceChoice;
import io.gpenspark.model.FaceModel;
import io.gpenspark.model.FaceModels;
import io.gpenspark.model.Hardware;
import io.gpenspark.model.ModelCache;
import io.gpenspark.model.ModelSettings;
import io.gpenspark.model.ModelSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
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
   * model.path, or the one GPEN file in models/ when it is not set (any Hadoop FS URI, checked
   * against model.sha256 when set), loaded once per JVM and shared through the {@link ModelCache}
   * for {@code run}. Closing the restorer hands the model back.
   */
  public static Restorer create(
      RestoreSettings settings, ModelSettings model, Configuration hadoop, String run) {
    return create(settings, model, hadoop, run, List.of(), false);
  }

  /**
   * As above, on the GPU Spark assigned ({@code assignedGpus}: the task's addresses, none when
   * unscheduled) as {@link DeviceChoice} picks it; {@code driverCheck}: the driver of a cluster
   * job, which checks the weights on its CPU while the executors run them where they are placed.
   */
  public static Restorer create(
      RestoreSettings settings,
      ModelSettings model,
      Configuration hadoop,
      String run,
      List<String> assignedGpus,
      boolean driverCheck) {
    if (!settings.enabled()) {
      return new IdentityRestorer();
    }
    DeviceChoice on =
        driverCheck
            ? DeviceChoice.driverCheck(model.device(), model.precision())
            : DeviceChoice.choose(model.device(), model.precision(), assignedGpus, Hardware.here());
    return new GpenRestorer(
        FaceModels.shared(model.cacheKey(on), run, () -> load(model, hadoop, on)), settings);
  }

  private static FaceModel load(ModelSettings model, Configuration hadoop, DeviceChoice on) {
    String uri = model.weights();
    Path local;
    try {
      local = ModelSource.localFile(uri, hadoop, model.sha256(), model.cacheDir());
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException(
          "configuration key 'model.path': "
              + e.getMessage()
              + "; put the GPEN weights there or fetch them with "
              + FETCH,
          e);
    }
    try {
      return FaceModels.builder(local)
          .stateDictKey(model.stateDictKey().orElse(null))
          .device(on.device())
          .precision(on.precision())
          .build();
    } catch (IOException e) {
      throw ConfigReader.invalid(
          "model.path", "cannot load GPEN from " + uri + ": " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw ConfigReader.invalid(
          "model.path", "cannot load GPEN from " + uri + ": " + e.getCause().getMessage());
    }
  }
}
