package io.gpenspark.job;

import io.gpenspark.restore.Restorer;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The model step for a group of images: the aligned crops of all of them in one
 * {@link Restorer#restoreCrops} call, so their faces share forward passes (restore.batch-size at
 * a time). It runs on copies of the crops: a forward out of time is abandoned while still
 * running, and the images go on (and release their Mats) without it.
 */
final class SharedForward {
  private final Restorer restorer;
  private final List<Integer> facesPerImage = new ArrayList<>();
  private final List<Mat> copies = new ArrayList<>();

  /** Copies the crops; on the caller's thread, before the step is handed to a worker. */
  SharedForward(Restorer restorer, List<ImageInFlight> group) {
    this.restorer = restorer;
    for (ImageInFlight image : group) {
      facesPerImage.add(image.cropsToRestore().size());
      image.cropsToRestore().forEach(c -> copies.add(c.clone()));
    }
  }

  Result run() {
    long t0 = System.nanoTime();
    try {
      List<Mat> restored = restorer.restoreCrops(copies);
      double ms = (System.nanoTime() - t0) / 1e6;
      List<List<Mat>> perImage = new ArrayList<>();
      int at = 0;
      for (int n : facesPerImage) {
        perImage.add(List.copyOf(restored.subList(at, at + n)));
        at += n;
      }
      return new Result(perImage, ms);
    } finally {
      copies.forEach(Mat::release);
    }
  }

  /** Each image's restored crops, in group order, and the wall time of the forward passes. */
  record Result(List<List<Mat>> perImage, double ms) {

    /**
     * Gives each image its crops and its share of the time, by its share of the faces: into its
     * restore stage and into the job.image-timeout it has used.
     */
    void handTo(List<ImageInFlight> group) {
      int faces = perImage.stream().mapToInt(List::size).sum();
      for (int i = 0; i < group.size(); i++) {
        ImageInFlight image = group.get(i);
        image.restoredCrops = perImage.get(i);
        image.keepAll(image.restoredCrops);
        double share = ms * image.restoredCrops.size() / faces;
        image.row.addStageMs("restore", share);
        image.spentMs += share;
      }
    }

    /** For a result nobody waits for any more (its forward ran out of time). */
    void release() {
      perImage.forEach(crops -> crops.forEach(Mat::release));
    }
  }
}
