package io.gpenspark.job;

import io.gpenspark.pipeline.Photo;
import io.gpenspark.pipeline.PhotoPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.opencv.core.Mat;

/**
 * The model step for a group of photos: the aligned crops of all of them in one {@link
 * PhotoPipeline#restoreCrops} call, so their faces share forward passes (restore.batch-size at a
 * time). It runs on copies of the crops: a forward out of time is abandoned while still running,
 * and the photos go on (and release their Mats) without it.
 */
final class SharedForward {
  private final UnaryOperator<List<Mat>> model;
  private final List<Integer> facesPerPhoto = new ArrayList<>();
  private final List<Mat> copies = new ArrayList<>();

  /** Copies the crops; on the caller's thread, before the step is handed to a worker. */
  SharedForward(UnaryOperator<List<Mat>> model, List<Photo> group) {
    this.model = model;
    for (Photo photo : group) {
      facesPerPhoto.add(photo.cropsToRestore().size());
      photo.cropsToRestore().forEach(c -> copies.add(c.clone()));
    }
  }

  Result run() {
    long t0 = System.nanoTime();
    try {
      List<Mat> restored = model.apply(copies);
      double ms = (System.nanoTime() - t0) / 1e6;
      List<List<Mat>> perPhoto = new ArrayList<>();
      int at = 0;
      for (int n : facesPerPhoto) {
        perPhoto.add(List.copyOf(restored.subList(at, at + n)));
        at += n;
      }
      return new Result(perPhoto, ms);
    } finally {
      copies.forEach(Mat::release);
    }
  }

  /** Each photo's restored crops, in group order, and the wall time of the forward passes. */
  record Result(List<List<Mat>> perPhoto, double ms) {

    /**
     * Gives each photo its crops and its share of the time, by its share of the faces; returns the
     * shares (ms), which count against each photo's job.image-timeout.
     */
    double[] handTo(List<Photo> group) {
      int faces = perPhoto.stream().mapToInt(List::size).sum();
      double[] shares = new double[group.size()];
      for (int i = 0; i < group.size(); i++) {
        shares[i] = ms * perPhoto.get(i).size() / faces;
        group.get(i).restored(perPhoto.get(i), shares[i]);
      }
      return shares;
    }

    /** For a result nobody waits for any more (its forward ran out of time). */
    void release() {
      perPhoto.forEach(crops -> crops.forEach(Mat::release));
    }
  }
}
