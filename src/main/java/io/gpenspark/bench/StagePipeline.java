package io.gpenspark.bench;

import ai.djl.Device;
import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.JobConfig;
import io.gpenspark.face.DetectorSettings;
import io.gpenspark.face.Face;
import io.gpenspark.face.YunetDetector;
import io.gpenspark.imageio.ImageDecoder;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.job.RunSettings;
import io.gpenspark.listing.InputFile;
import io.gpenspark.metrics.ImageQuality;
import io.gpenspark.model.FaceModel;
import io.gpenspark.model.FaceModels;
import io.gpenspark.model.ModelSource;
import io.gpenspark.postprocess.Postprocessor;
import io.gpenspark.preprocess.Preprocessor;
import io.gpenspark.restore.GpenRestorer;
import io.gpenspark.restore.RestoreSettings;
import io.gpenspark.restore.Restorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.opencv.core.Mat;

/**
 * The job's per-image work (io.gpenspark.job.ImagePipeline) step for step, built from the same
 * classes and the same configuration, with finer clocks: the restore stage is split into align
 * (selection, similarity fit, warp, to tensor), model (the forward through {@link FaceModel}) and
 * paste-back (from tensor, alpha blend, inverse warp under the mask). Not thread-safe: one
 * instance per calling thread. Differences from the job: failures are thrown, not turned into
 * manifest rows; output.save-faces is not supported (the benchmark switches it off); images run
 * on the calling thread without job.image-timeout's worker.
 */
final class StagePipeline implements AutoCloseable {
  /** Stage names in pipeline order; the model is "model", everything else is around it. */
  static final List<String> STAGES =
      List.of(
          "read", "decode", "preprocess", "detect", "align", "model", "paste_back", "postprocess",
          "encode", "write", "metrics");

  private final YunetDetector detector;
  private final Preprocessor preprocessor;
  private final TimedFaceModel model;
  private final Restorer restorer;
  private final Postprocessor postprocessor;
  private final Optional<ImageQuality> quality;
  private final RunSettings run;
  private final ImageStorage storage;
  private final OutputPaths paths;

  /** One image's stage times (ms, in {@link #STAGES} order) and its restored faces. */
  record Timing(Map<String, Double> ms, int faces) {
    double model() {
      return ms.get("model");
    }

    double aroundModel() {
      return total() - model();
    }

    double total() {
      return ms.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /**
   * @param inputRoot the input root as the job's lister qualifies it (output paths are relative
   *     to it)
   */
  StagePipeline(JobConfig config, Configuration hadoop, String inputRoot, String outputRoot) {
    OpenCv.load();
    ConfigReader cfg = config.reader();
    if (!cfg.bool("restore.enabled") || cfg.bool("restore.aligned") || cfg.bool("output.save-faces")) {
      throw new IllegalArgumentException(
          "the benchmark pipeline needs restore.enabled=true, restore.aligned=false, output.save-faces=false");
    }
    DetectorSettings detect = DetectorSettings.from(cfg);
    Path yunet = ModelSource.localFile(detect.model(), hadoop, Optional.empty(), ModelSource.cacheDir(cfg));
    this.detector = new YunetDetector(readAll(yunet), detect);
    this.preprocessor = Preprocessor.from(cfg, detector);
    this.model = new TimedFaceModel(loadModel(cfg, hadoop));
    this.restorer = new GpenRestorer(model, RestoreSettings.from(cfg));
    this.postprocessor = Postprocessor.from(cfg);
    this.quality = cfg.bool("metrics.enabled") ? Optional.of(ImageQuality.from(cfg)) : Optional.empty();
    this.run = RunSettings.from(cfg);
    this.storage = new ImageStorage(hadoop);
    this.paths = new OutputPaths(inputRoot, outputRoot, run.format());
  }

  private static FaceModel loadModel(ConfigReader cfg, Configuration hadoop) {
    Path local =
        ModelSource.localFile(
            cfg.string("model.path"), hadoop, cfg.optionalString("model.sha256"), ModelSource.cacheDir(cfg));
    Device device =
        switch (cfg.oneOf("model.device", "auto", "cpu", "gpu")) {
          case "cpu" -> Device.cpu();
          case "gpu" -> Device.gpu();
          default -> null;
        };
    try {
      return FaceModels.builder(local)
          .stateDictKey(cfg.optionalString("model.state-dict-key").orElse(null))
          .device(device)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int modelSize() {
    return model.size();
  }

  /** The model the pipeline restores with (its forwards are timed into the stages). */
  FaceModel model() {
    return model;
  }

  Timing process(InputFile in) {
    Map<String, Double> ms = new LinkedHashMap<>();
    STAGES.forEach(s -> ms.put(s, 0.0));
    List<Mat> mats = new ArrayList<>();
    try {
      byte[] bytes = time(ms, "read", () -> storage.read(in.path(), in.size()));
      Mat decoded = keep(mats, time(ms, "decode", () -> ImageDecoder.decode(bytes, run.maxPixels(), run.minSize())));
      Mat pre = keep(mats, time(ms, "preprocess", () -> preprocessor.apply(decoded)));
      List<Face> found = time(ms, "detect", () -> detector.find(pre));

      TimedFaceModel.Span span = model.start();
      long r0 = System.nanoTime();
      Restorer.Restored restored = restorer.restore(pre, found);
      long r1 = System.nanoTime();
      keep(mats, restored.image());
      restored.crops().forEach(c -> mats.addAll(List.of(c.aligned(), c.restored())));
      if (span.firstStart == 0) {
        ms.put("paste_back", (r1 - r0) / 1e6);
      } else {
        ms.put("align", (span.firstStart - r0) / 1e6);
        ms.put("model", span.total / 1e6);
        // Between forwards (several batches) counts as paste-back work too.
        ms.put("paste_back", ((r1 - r0) - (span.firstStart - r0) - span.total) / 1e6);
      }
      List<Face> faces = restored.restoredFaces();
      Mat post = keep(mats, time(ms, "postprocess", () -> postprocessor.apply(restored.image(), faces)));

      String outPath = paths.outputFor(in.path());
      String ext = OutputPaths.extension(outPath);
      byte[] encoded = time(ms, "encode", () -> run.format().encode(post, ext));
      time(ms, "write", () -> {
        storage.write(outPath, encoded);
        return null;
      });
      if (quality.isPresent()) {
        time(ms, "metrics", () -> {
          Mat written = run.format().isLossy(ext) ? keep(mats, ImageDecoder.decode(encoded)) : post;
          Mat reference = decoded;
          if (run.metricsReference().isPresent()) {
            String truth = paths.under(run.metricsReference().get(), in.path());
            reference = keep(mats, ImageDecoder.decode(storage.read(truth, 0)));
          }
          return quality.get().measure(written, reference);
        });
      }
      return new Timing(ms, faces.size());
    } finally {
      mats.forEach(Mat::release);
    }
  }

  private static <T> T time(Map<String, Double> ms, String stage, Supplier<T> work) {
    long t0 = System.nanoTime();
    try {
      return work.get();
    } finally {
      ms.put(stage, ms.get(stage) + (System.nanoTime() - t0) / 1e6);
    }
  }

  private static Mat keep(List<Mat> mats, Mat m) {
    mats.add(m);
    return m;
  }

  private static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    restorer.close();
    detector.close();
  }
}
