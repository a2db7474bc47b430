package io.gpenspark.job;

import io.gpenspark.imageio.ErrorCode;
import io.gpenspark.imageio.ImageFailure;
import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.pipeline.Photo;
import io.gpenspark.pipeline.PhotoPipeline;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.opencv.core.Mat;

/**
 * A group of consecutive photos (restore.batch-images; one photo is a group of one) through the
 * {@link PhotoPipeline}: each photo up to the model, then the faces of all of them through one
 * {@link SharedForward}, then each photo on from there. Exactly one manifest row per photo, in
 * input order; a failure fails only its own photo. If the shared forward throws or runs out of
 * time, each photo's faces go through the model alone, so only the culprit fails.
 *
 * <p>job.image-timeout bounds each photo's own steps plus its share (by faces) of the forward it
 * took part in; a shared forward may use the group's remaining time together.
 */
final class GroupPipeline implements AutoCloseable {
  private final PhotoPipeline pipeline;
  private final UnaryOperator<List<Mat>> model;
  private final RunIdentity identity;
  private final long timeoutMs;
  private final TimeLimit limit = new TimeLimit();

  GroupPipeline(PhotoPipeline pipeline, RunIdentity identity, long timeoutMs) {
    this(pipeline, pipeline::restoreCrops, identity, timeoutMs);
  }

  /** {@code model}: the forward passes (the pipeline's own, or a test's wrapper around them). */
  GroupPipeline(
      PhotoPipeline pipeline,
      UnaryOperator<List<Mat>> model,
      RunIdentity identity,
      long timeoutMs) {
    this.pipeline = pipeline;
    this.model = model;
    this.identity = identity;
    this.timeoutMs = timeoutMs;
  }

  /** A photo waiting for the model: its row, and how much of its time it has used. */
  private static final class Waiting {
    final PhotoRow row;
    final int slot;
    double spentMs;

    Waiting(PhotoRow row, int slot, double spentMs) {
      this.row = row;
      this.slot = slot;
      this.spentMs = spentMs;
    }
  }

  List<ManifestRow> process(List<InputFile> inputs) {
    ManifestRow[] rows = new ManifestRow[inputs.size()];
    Map<Photo, Waiting> waiting = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      InputFile in = inputs.get(i);
      PhotoRow row = new PhotoRow(identity, in);
      long t0 = System.nanoTime();
      Optional<Photo> photo =
          limit.run(() -> pipeline.beforeModel(in, row), timeoutMs, Photo::release);
      if (photo.isEmpty()) {
        rows[i] = timedOut(in);
      } else if (photo.get().failed()) {
        rows[i] = row.of(photo.get());
      } else {
        waiting.put(photo.get(), new Waiting(row, i, (System.nanoTime() - t0) / 1e6));
      }
    }
    restoreFaces(waiting, rows);
    waiting.forEach(
        (photo, w) ->
            rows[w.slot] =
                limit
                    .run(
                        () -> w.row.of(pipeline.afterModel(photo)),
                        remainingMs(List.of(photo), waiting),
                        row -> {})
                    .orElseGet(() -> timedOut(photo.input())));
    return Arrays.asList(rows);
  }

  /**
   * The crops of the waiting photos through the model: together, or each photo alone when that
   * fails. A photo whose faces fail gets its row here and stops waiting.
   */
  private void restoreFaces(Map<Photo, Waiting> waiting, ManifestRow[] rows) {
    List<Photo> withFaces =
        waiting.keySet().stream().filter(p -> !p.cropsToRestore().isEmpty()).toList();
    if (withFaces.size() > 1 && restoredTogether(withFaces, waiting)) {
      return;
    }
    for (Photo photo : withFaces) {
      try {
        if (!forward(List.of(photo), waiting)) {
          photo.release();
          rows[waiting.remove(photo).slot] = timedOut(photo.input());
        }
      } catch (RuntimeException | LinkageError e) {
        photo.fail(e);
        Waiting w = waiting.remove(photo);
        rows[w.slot] = w.row.of(photo);
      }
    }
  }

  /** Whether the shared forward succeeded; why it did not is found out again photo by photo. */
  private boolean restoredTogether(List<Photo> group, Map<Photo, Waiting> waiting) {
    try {
      return forward(group, waiting);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** One forward for the group's crops; false when it ran out of the group's remaining time. */
  private boolean forward(List<Photo> group, Map<Photo, Waiting> waiting) {
    SharedForward step = new SharedForward(model, group);
    Optional<SharedForward.Result> result =
        limit.run(step::run, remainingMs(group, waiting), SharedForward.Result::release);
    result.ifPresent(
        r -> {
          double[] shares = r.handTo(group);
          for (int i = 0; i < group.size(); i++) {
            waiting.get(group.get(i)).spentMs += shares[i];
          }
        });
    return result.isPresent();
  }

  /** What is left of job.image-timeout for these photos together (0: no limit). */
  private long remainingMs(List<Photo> photos, Map<Photo, Waiting> waiting) {
    if (timeoutMs <= 0) {
      return 0;
    }
    return photos.stream()
        .mapToLong(p -> Math.max(1, timeoutMs - Math.round(waiting.get(p).spentMs)))
        .sum();
  }

  private ManifestRow timedOut(InputFile in) {
    return new ManifestRow(identity, in)
        .failed(
            new ImageFailure(
                ErrorCode.TIMEOUT,
                "image not finished within job.image-timeout (" + timeoutMs / 1000.0 + " s)"));
  }

  @Override
  public void close() {
    limit.close();
  }
}
