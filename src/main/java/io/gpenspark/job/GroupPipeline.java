package io.gpenspark.job;

import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ErrorCode;
import io.gpenspark.manifest.ImageFailure;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.restore.Restorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group of consecutive images (restore.batch-images; one image is a group of one) through
 * {@link ImagePipeline}: each image up to the model, then the faces of all of them through one
 * {@link SharedForward}, then each image on from there. Exactly one manifest row per image, in
 * input order; a failure fails only its own image. If the shared forward throws or runs out of
 * time, each image's faces go through the model alone, so only the culprit fails.
 *
 * <p>job.image-timeout bounds each image's own steps plus its share (by faces) of the forward it
 * took part in; a shared forward may use the group's remaining time together.
 */
final class GroupPipeline implements AutoCloseable {
  private final ImagePipeline pipeline;
  private final Restorer restorer;
  private final RunIdentity identity;
  private final long timeoutMs;
  private final TimeLimit limit = new TimeLimit();

  GroupPipeline(ImagePipeline pipeline, Restorer restorer, RunIdentity identity, long timeoutMs) {
    this.pipeline = pipeline;
    this.restorer = restorer;
    this.identity = identity;
    this.timeoutMs = timeoutMs;
  }

  List<ManifestRow> process(List<InputFile> inputs) {
    ManifestRow[] rows = new ManifestRow[inputs.size()];
    Map<ImageInFlight, Integer> waiting = new LinkedHashMap<>(); // ready for the model → its slot
    for (int i = 0; i < inputs.size(); i++) {
      InputFile in = inputs.get(i);
      long t0 = System.nanoTime();
      Optional<ImageInFlight> image = limit.run(() -> pipeline.beforeModel(in), timeoutMs, ImageInFlight::release);
      if (image.isEmpty()) {
        rows[i] = timedOut(in);
      } else if (image.get().failed()) {
        rows[i] = image.get().row;
      } else {
        image.get().spentMs = (System.nanoTime() - t0) / 1e6;
        waiting.put(image.get(), i);
      }
    }
    restoreFaces(waiting, rows);
    waiting.forEach((image, i) -> rows[i] = limit.run(() -> pipeline.afterModel(image), remainingMs(List.of(image)),
        row -> {}).orElseGet(() -> timedOut(image.input)));
    return Arrays.asList(rows);
  }

  /**
   * The crops of the waiting images through the model: together, or each image alone when that
   * fails. An image whose faces fail gets its row here and stops waiting.
   */
  private void restoreFaces(Map<ImageInFlight, Integer> waiting, ManifestRow[] rows) {
    List<ImageInFlight> withFaces = waiting.keySet().stream().filter(i -> !i.cropsToRestore().isEmpty()).toList();
    if (withFaces.size() > 1 && restoredTogether(withFaces)) {
      return;
    }
    for (ImageInFlight image : withFaces) {
      try {
        if (!forward(List.of(image))) {
          image.release();
          rows[waiting.remove(image)] = timedOut(image.input);
        }
      } catch (RuntimeException | LinkageError e) {
        rows[waiting.remove(image)] = pipeline.failed(image, e);
      }
    }
  }

  /** Whether the shared forward succeeded; why it did not is found out again image by image. */
  private boolean restoredTogether(List<ImageInFlight> group) {
    try {
      return forward(group);
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** One forward for the group's crops; false when it ran out of the group's remaining time. */
  private boolean forward(List<ImageInFlight> group) {
    SharedForward step = new SharedForward(restorer, group);
    Optional<SharedForward.Result> result = limit.run(step::run, remainingMs(group), SharedForward.Result::release);
    result.ifPresent(r -> r.handTo(group));
    return result.isPresent();
  }

  /** What is left of job.image-timeout for these images together (0: no limit). */
  private long remainingMs(List<ImageInFlight> images) {
    if (timeoutMs <= 0) {
      return 0;
    }
    return images.stream().mapToLong(i -> Math.max(1, timeoutMs - Math.round(i.spentMs))).sum();
  }

  private ManifestRow timedOut(InputFile in) {
    return new ManifestRow(identity, in).failed(new ImageFailure(ErrorCode.TIMEOUT,
        "image not finished within job.image-timeout (" + timeoutMs / 1000.0 + " s)"));
  }

  @Override
  public void close() {
    limit.close();
  }
}
