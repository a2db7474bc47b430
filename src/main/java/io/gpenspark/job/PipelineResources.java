package io.gpenspark.job;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.JobConfig;
import io.gpenspark.face.DetectorSettings;
import io.gpenspark.face.YunetDetector;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.metrics.ImageQuality;
import io.gpenspark.model.ModelSource;
import io.gpenspark.postprocess.Postprocessor;
import io.gpenspark.preprocess.Preprocessor;
import io.gpenspark.restore.Restorer;
import io.gpenspark.restore.Restorers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * What every image of a run needs, created once per executor JVM and shared by its concurrent
 * task threads: the detector, the restorer (GPEN predictor), the pre/post-processing stages and
 * the metrics. Keyed by configuration, so two jobs in one JVM with different settings do not mix.
 */
public final class PipelineResources implements AutoCloseable {
  private static final Map<String, PipelineResources> PER_JVM = new ConcurrentHashMap<>();

  final YunetDetector detector;
  final Preprocessor preprocessor;
  final Restorer restorer;
  final Postprocessor postprocessor;
  final Optional<ImageQuality> quality;

  private PipelineResources(JobConfig config, Configuration hadoop) {
    OpenCv.load();
    ConfigReader cfg = config.reader();
    DetectorSettings detect = DetectorSettings.from(cfg);
    this.detector = new YunetDetector(readAll(ModelSource.localFile(detect.model(), hadoop, Optional.empty(),
        cacheDir(cfg))), detect);
    this.preprocessor = Preprocessor.from(cfg, detector);
    this.restorer = Restorers.create(cfg, hadoop);
    this.postprocessor = Postprocessor.from(cfg);
    this.quality = cfg.bool("metrics.enabled") ? Optional.of(ImageQuality.from(cfg)) : Optional.empty();
  }

  /** This JVM's resources for {@code config}, created on first use (lazy, thread-safe). */
  public static PipelineResources get(JobConfig config, Configuration hadoop) {
    return PER_JVM.computeIfAbsent(config.hash() + "|" + config.reader().optionalString("model.path").orElse("")
        + "|" + config.reader().string("detect.model"), k -> {
          PipelineResources r = new PipelineResources(config, hadoop);
          Runtime.getRuntime().addShutdownHook(new Thread(r::close, "gpen-spark-resources-close"));
          return r;
        });
  }

  static Path cacheDir(ConfigReader cfg) {
    return cfg.optionalString("model.cache-dir").map(Path::of)
        .orElse(Path.of(System.getProperty("java.io.tmpdir"), "gpen-spark-models"));
  }

  private static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String modelId() {
    return restorer.modelId();
  }

  @Override
  public void close() {
    restorer.close();
    detector.close();
  }
}
