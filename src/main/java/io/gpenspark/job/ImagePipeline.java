package io.gpenspark.job;

import io.gpenspark.face.Face;
import io.gpenspark.imageio.ImageDecoder;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ErrorCode;
import io.gpenspark.manifest.ImageFailure;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.manifest.Status;
import io.gpenspark.metrics.ImageQuality;
import io.gpenspark.metrics.Quality;
import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.restore.FacePair;
import io.gpenspark.restore.Restorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;

/**
 * One image, start to finish: read → decode/normalise → preprocess → detect → restore →
 * postprocess → encode → write → metrics. Always returns exactly one manifest row; a failure of
 * this image is a failed row, never an exception that stops the task.
 */
final class ImagePipeline {
  private static final OutputFormat PNG = new OutputFormat("png", 95);
  private final PipelineResources res;
  private final ImageStorage storage;
  private final OutputPaths paths;
  private final RunSettings run;
  private final RunIdentity identity;

  ImagePipeline(PipelineResources res, ImageStorage storage, OutputPaths paths, RunSettings run, RunIdentity identity) {
    this.res = res;
    this.storage = storage;
    this.paths = paths;
    this.run = run;
    this.identity = identity;
  }

  ManifestRow process(InputFile in) {
    ManifestRow row = new ManifestRow(identity, in);
    List<Mat> mats = new ArrayList<>();
    try {
      run(in, row, new StageClock(row), mats);
    } catch (ImageFailure f) {
      row.failed(f);
    } catch (RuntimeException | LinkageError e) {
      row.failed(new ImageFailure(ErrorCode.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), e));
    } finally {
      mats.forEach(Mat::release); // native memory goes back per image, not at GC's leisure
    }
    return row;
  }

  private void run(InputFile in, ManifestRow row, StageClock clock, List<Mat> mats) {
    byte[] bytes = clock.time("read", () -> storage.read(in.path(), in.size()));
    Mat decoded = keep(mats, clock.time("decode", () -> ImageDecoder.decode(bytes, run.maxPixels(), run.minSize())));
    row.inputSize(decoded.cols(), decoded.rows());

    Mat pre = keep(mats, clock.time("preprocess", () -> res.preprocessor.apply(decoded)));
    List<Face> found = res.alignedInput ? List.of() : clock.time("detect", () -> res.detector.find(pre));
    Restorer.Restored restored = clock.time("restore", () -> res.restorer.restore(pre, found));
    keep(mats, restored.image());
    restored.crops().forEach(c -> mats.addAll(List.of(c.aligned(), c.restored())));
    List<Face> faces = restored.restoredFaces(); // in the restored image's coordinates
    Mat post = keep(mats, clock.time("postprocess", () -> res.postprocessor.apply(restored.image(), faces)));

    String outPath = paths.outputFor(in.path());
    String ext = OutputPaths.extension(outPath);
    byte[] encoded = clock.time("encode", () -> run.format().encode(post, ext));
    clock.time("write", () -> {
      storage.write(outPath, encoded);
      restored.crops().forEach(c -> saveFace(in, c, mats));
    });
    row.outputPath(outPath);
    row.outputSize(post.cols(), post.rows());
    row.faces(faces.size());
    row.status(faces.isEmpty() ? Status.NO_FACE : Status.OK);

    if (res.quality.isPresent()) {
      try {
        clock.time("metrics", () -> measure(in, row, decoded, post, encoded, ext, mats));
      } catch (ImageFailure f) { // the image is written and good; only its scores are missing
        row.note("metrics not computed: " + f.getMessage());
      }
    }
  }

  /**
   * PSNR/SSIM of what was written (lossy outputs are decoded back) against the ground truth at
   * the same relative path, or else against the decoded, normalised input.
   */
  private void measure(InputFile in, ManifestRow row, Mat decoded, Mat post, byte[] encoded, String ext,
      List<Mat> mats) {
    Mat written = run.format().isLossy(ext) ? keep(mats, ImageDecoder.decode(encoded)) : post;
    Mat reference = decoded;
    String kind = "input";
    if (run.metricsReference().isPresent()) {
      String truthPath = paths.under(run.metricsReference().get(), in.path());
      reference = keep(mats, ImageDecoder.decode(storage.read(truthPath, 0)));
      kind = "ground_truth";
    }
    Quality q = res.quality.get().measure(written, reference);
    row.quality(q.psnr(), q.ssim(), kind);
  }

  /** output.save-faces: the aligned input crop, the restored crop and both side by side, as PNG. */
  private void saveFace(InputFile in, FacePair face, List<Mat> mats) {
    Mat compare = keep(mats, face.sideBySide());
    Map<String, Mat> kinds = Map.of("aligned", face.aligned(), "restored", face.restored(), "compare", compare);
    kinds.forEach((kind, image) ->
        storage.write(paths.facePath(in.path(), face.index(), kind), PNG.encode(image, "png")));
  }

  private static Mat keep(List<Mat> mats, Mat m) {
    mats.add(m);
    return m;
  }
}
