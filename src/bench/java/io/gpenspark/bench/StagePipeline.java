package io.gpenspark.bench;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.InputFile;
import io.gpenspark.pipeline.Photo;
import io.gpenspark.pipeline.PhotoPipeline;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.opencv.core.Mat;

/**
 * The job's {@link PhotoPipeline}, one photo at a time, with each stage's time heard from it (the
 * model is "model", everything else is around it). A failed photo is thrown, not recorded.
 */
final class StagePipeline implements AutoCloseable {
  /** Stage names in pipeline order, as the pipeline reports them. */
  static final List<String> STAGES =
      List.of(
          "read",
          "decode",
          "preprocess",
          "detect",
          "align",
          "model",
          "paste_back",
          "postprocess",
          "encode",
          "write",
          "metrics");

  private final PhotoPipeline pipeline;

  /** One photo's stage times (ms, in {@link #STAGES} order) and its restored faces. */
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
   * @param inputRoot the input root as the job's lister qualifies it (output paths are relative to
   *     it)
   */
  StagePipeline(JobConfig config, Configuration hadoop, String inputRoot, String outputRoot) {
    this.pipeline =
        PhotoPipeline.builder(config)
            .hadoop(hadoop)
            .paths(new OutputPaths(inputRoot, outputRoot, OutputFormat.from(config.reader())))
            .build();
  }

  Timing process(InputFile in) {
    Map<String, Double> ms = new LinkedHashMap<>();
    STAGES.forEach(s -> ms.put(s, 0.0));
    Photo photo = pipeline.process(in, (stage, t) -> ms.merge(stage, t, Double::sum));
    Optional<? extends RuntimeException> failure = photo.failure();
    if (failure.isPresent()) {
      throw failure.get();
    }
    return new Timing(ms, photo.faces());
  }

  /** The model alone on {@code crops} (aligned faces at the model size). */
  List<Mat> forward(List<Mat> crops) {
    return pipeline.restoreCrops(crops);
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
