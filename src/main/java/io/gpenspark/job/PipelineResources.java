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
  /** restore.aligned: inputs are aligned face crops, so nothing is detected. */
  final boolean alignedInput;
  /** restore.batch-images: consecutive images of a task whose faces share forward passes. */
  final int batchImages;

  private PipelineResources(JobConfig config, Configuration hadoop) {
    OpenCv.load();
    ConfigReader cfg = config.reader();
    DetectorSettings detect = DetectorSettings.from(cfg);
    this.detector = new YunetDetector(readAll(ModelSource.localFile(detect.model(), hadoop, Optional.empty(),
        ModelSource.cacheDir(cfg))), detect);
    this.preprocessor = Preprocessor.from(cfg, detector);
    IntraOpThreads.configure(cfg);
    this.restorer = Restorers.create(cfg, hadoop);
    this.alignedInput = cfg.bool("restore.enabled") && cfg.bool("restore.aligned");
    this.batchImages = cfg.intIn("restore.batch-images", 1, 32);
    this.postprocessor = Postprocessor.from(cfg);
    this.quality = cfg.bool("metrics.enabled") ? Optional.of(ImageQuality.from(cfg)) : Optional.empty();
  }

  /** This JVM's resources for {@code config}, created on first use (lazy, thread-safe). */
  public static PipelineResources get(JobConfig config, Configuration hadoop) {
    String key = config.hash() + "|" + config.config().getValue("model").render() + "|"
        + config.config().getValue("detect").render();
    return PER_JVM.computeIfAbsent(key, k -> {
          PipelineResources r = new PipelineResources(config, hadoop);
          Runtime.getRuntime().addShutdownHook(new Thread(r::close, "gpen-spark-resources-close"));
          return r;
        });
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
