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
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;

/**
 * One image's steps, split where the model runs so that consecutive images can share its forward
 * passes: {@link #beforeModel} (read → decode/normalise → preprocess → detect → align the face
 * crops), then the model ({@link SharedForward}), then {@link #afterModel} (paste back →
 * postprocess → encode → write → metrics). A failure of the image is recorded in its manifest
 * row, never thrown; every Mat the image held is released when it fails or is done.
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

  /** Up to the model: the image with its aligned crops, or with a failed row (and nothing held). */
  ImageInFlight beforeModel(InputFile in) {
    ImageInFlight image = new ImageInFlight(identity, in);
    try {
      stagesBeforeModel(image);
    } catch (RuntimeException | LinkageError e) {
      failed(image, e);
    }
    return image;
  }

  /** From the restored crops on; the image's Mats are released, and its row is final. */
  ManifestRow afterModel(ImageInFlight image) {
    try {
      stagesAfterModel(image);
    } catch (RuntimeException | LinkageError e) {
      image.row.failed(failure(e));
    } finally {
      image.release();
    }
    return image.row;
  }

  /** Records the failure in the image's row and releases what it held. */
  ManifestRow failed(ImageInFlight image, Throwable e) {
    return image.fail(failure(e));
  }

  private static ImageFailure failure(Throwable e) {
    return e instanceof ImageFailure f ? f
        : new ImageFailure(ErrorCode.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  private void stagesBeforeModel(ImageInFlight image) {
    InputFile in = image.input;
    StageClock clock = image.clock;
    byte[] bytes = clock.time("read", () -> storage.read(in.path(), in.size()));
    Mat decoded = image.keep(clock.time("decode", () -> ImageDecoder.decode(bytes, run.maxPixels(), run.minSize())));
    image.decoded = decoded;
    image.row.inputSize(decoded.cols(), decoded.rows());

    Mat pre = image.keep(clock.time("preprocess", () -> res.preprocessor.apply(decoded)));
    List<Face> found = res.alignedInput ? List.of() : clock.time("detect", () -> res.detector.find(pre));
    image.faces = clock.time("restore", () -> res.restorer.align(pre, found));
    image.keepAll(image.faces.crops());
  }

  private void stagesAfterModel(ImageInFlight image) {
    InputFile in = image.input;
    ManifestRow row = image.row;
    StageClock clock = image.clock;
    Restorer.Restored restored = clock.time("restore", () -> res.restorer.paste(image.faces, image.restoredCrops));
    image.keep(restored.image());
    List<Face> faces = restored.restoredFaces(); // in the restored image's coordinates
    Mat post = image.keep(clock.time("postprocess", () -> res.postprocessor.apply(restored.image(), faces)));

    String outPath = paths.outputFor(in.path());
    String ext = OutputPaths.extension(outPath);
    byte[] encoded = clock.time("encode", () -> run.format().encode(post, ext));
    clock.time("write", () -> {
      storage.write(outPath, encoded);
      restored.crops().forEach(c -> saveFace(in, c, image));
    });
    row.outputPath(outPath);
    row.outputSize(post.cols(), post.rows());
    row.faces(faces.size());
    row.status(faces.isEmpty() ? Status.NO_FACE : Status.OK);

    if (res.quality.isPresent()) {
      try {
        clock.time("metrics", () -> measure(image, post, encoded, ext));
      } catch (ImageFailure f) { // the image is written and good; only its scores are missing
        row.note("metrics not computed: " + f.getMessage());
      }
    }
  }

  /**
   * PSNR/SSIM of what was written (lossy outputs are decoded back) against the ground truth at
   * the same relative path, or else against the decoded, normalised input.
   */
  private void measure(ImageInFlight image, Mat post, byte[] encoded, String ext) {
    Mat written = run.format().isLossy(ext) ? image.keep(ImageDecoder.decode(encoded)) : post;
    Mat reference = image.decoded;
    String kind = "input";
    if (run.metricsReference().isPresent()) {
      String truthPath = paths.under(run.metricsReference().get(), image.input.path());
      reference = image.keep(ImageDecoder.decode(storage.read(truthPath, 0)));
      kind = "ground_truth";
    }
    Quality q = res.quality.get().measure(written, reference);
    image.row.quality(q.psnr(), q.ssim(), kind);
  }

  /** output.save-faces: the aligned input crop, the restored crop and both side by side, as PNG. */
  private void saveFace(InputFile in, FacePair face, ImageInFlight image) {
    Mat compare = image.keep(face.sideBySide());
    Map<String, Mat> kinds = Map.of("aligned", face.aligned(), "restored", face.restored(), "compare", compare);
    kinds.forEach((kind, m) ->
        storage.write(paths.facePath(in.path(), face.index(), kind), PNG.encode(m, "png")));
  }
}
