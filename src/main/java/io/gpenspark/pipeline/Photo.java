package io.gpenspark.pipeline;

import io.gpenspark.imageio.ErrorCode;
import io.gpenspark.imageio.ImageFailure;
import io.gpenspark.imageio.ImageMetadata;
import io.gpenspark.listing.InputFile;
import io.gpenspark.metrics.Quality;
import io.gpenspark.restore.AlignedFaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;

/**
 * One photo on its way through {@link PhotoPipeline}: what the steps before the model leave for the
 * steps after it, every Mat it holds (released together when it is done or fails), and its outcome
 * — sizes, faces, where it was written, its quality, or why it failed.
 */
public final class Photo {
  private final InputFile input;
  final StageClock clock;
  private final List<Mat> mats = new ArrayList<>();

  /** The input as measured: BGR 8-bit. */
  Mat decoded;

  /**
   * The output before the face steps, at its size and the input's depth, and the same at 8 bits.
   */
  Mat base;

  Mat base8;

  /** A one-channel scan, written back as one channel. */
  boolean grey;

  AlignedFaces faces;
  List<Mat> restoredCrops = List.of();

  /** The input's metadata, carried to the output. */
  ImageMetadata metadata = ImageMetadata.none();

  /** Where to write the photo, when not where the pipeline's output paths put it. */
  String target;

  private int width;
  private int height;
  private String outputPath;
  private int outWidth;
  private int outHeight;
  private int restoredFaces;
  private Quality quality;
  private String metricReference;
  private String note;
  private ImageFailure failure;

  Photo(InputFile input, StageListener listener) {
    this.input = input;
    this.clock = new StageClock(listener);
  }

  public InputFile input() {
    return input;
  }

  /** The aligned face crops waiting for the model (none when no face was found). */
  public List<Mat> cropsToRestore() {
    return faces == null ? List.of() : faces.crops();
  }

  /**
   * Hands the photo its restored crops (one per {@link #cropsToRestore()}, taken over) and its
   * share of the forward passes' time.
   */
  public void restored(List<Mat> crops, double modelMs) {
    restoredCrops = crops;
    mats.addAll(crops);
    clock.add("model", modelMs);
  }

  /** Records why the photo failed and releases what it held. */
  public void fail(Throwable e) {
    failure =
        e instanceof ImageFailure f
            ? f
            : new ImageFailure(
                ErrorCode.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    release();
  }

  public boolean failed() {
    return failure != null;
  }

  public Optional<ImageFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /** Native memory goes back per photo, not at GC's leisure (releasing twice is harmless). */
  public void release() {
    mats.forEach(Mat::release);
  }

  Mat keep(Mat m) {
    mats.add(m);
    return m;
  }

  void keepAll(List<Mat> ms) {
    mats.addAll(ms);
  }

  void inputSize(int w, int h) {
    width = w;
    height = h;
  }

  void written(String path, int w, int h, int faces) {
    outputPath = path;
    outWidth = w;
    outHeight = h;
    restoredFaces = faces;
  }

  void quality(Quality q, String reference) {
    quality = q;
    metricReference = reference;
  }

  void note(String message) {
    note = message;
  }

  /** Decoded size (0 before decoding). */
  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Where the restored photo was written; empty until it is. */
  public Optional<String> outputPath() {
    return Optional.ofNullable(outputPath);
  }

  public int outWidth() {
    return outWidth;
  }

  public int outHeight() {
    return outHeight;
  }

  /** Faces restored in the written photo. */
  public int faces() {
    return restoredFaces;
  }

  public Optional<Quality> quality() {
    return Optional.ofNullable(quality);
  }

  /** What the quality was measured against: "input" or "ground_truth". */
  public Optional<String> metricReference() {
    return Optional.ofNullable(metricReference);
  }

  /** A remark on a photo that did not fail (e.g. why its metrics are missing). */
  public Optional<String> note() {
    return Optional.ofNullable(note);
  }
}
