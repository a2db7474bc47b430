package io.gpenspark.job;

import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ImageFailure;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.restore.AlignedFaces;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * One image between the steps of {@link ImagePipeline}: its manifest row and stage clock, what
 * the steps before the model leave for the steps after it, and every Mat it holds, released
 * together when the image is done.
 */
final class ImageInFlight {
  final InputFile input;
  final ManifestRow row;
  final StageClock clock;
  private final List<Mat> mats = new ArrayList<>();
  Mat decoded;
  AlignedFaces faces;
  List<Mat> restoredCrops = List.of();
  /** How much of its job.image-timeout this image has used, in its own steps and its share of forwards. */
  double spentMs;

  ImageInFlight(RunIdentity identity, InputFile input) {
    this.input = input;
    this.row = new ManifestRow(identity, input);
    this.clock = new StageClock(row);
  }

  Mat keep(Mat m) {
    mats.add(m);
    return m;
  }

  void keepAll(List<Mat> ms) {
    mats.addAll(ms);
  }

  /** Crops waiting for the model. */
  List<Mat> cropsToRestore() {
    return faces == null ? List.of() : faces.crops();
  }

  private boolean failed;

  /** Records the failure in the row and releases what the image held. */
  ManifestRow fail(ImageFailure f) {
    failed = true;
    row.failed(f);
    release();
    return row;
  }

  boolean failed() {
    return failed;
  }

  /** Native memory goes back per image, not at GC's leisure (releasing twice is harmless). */
  void release() {
    mats.forEach(Mat::release);
  }
}
