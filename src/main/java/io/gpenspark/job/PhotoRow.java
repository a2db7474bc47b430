package io.gpenspark.job;

import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.manifest.Status;
import io.gpenspark.pipeline.Photo;
import io.gpenspark.pipeline.StageListener;

/**
 * A photo's manifest row: its stage times as the pipeline reports them (align, model and paste-back
 * are the manifest's restore stage), then its outcome once the photo is done.
 */
final class PhotoRow implements StageListener {
  private final ManifestRow row;

  PhotoRow(RunIdentity identity, InputFile input) {
    this.row = new ManifestRow(identity, input);
  }

  @Override
  public void stage(String stage, double ms) {
    row.addStageMs(
        switch (stage) {
          case "align", "model", "paste_back" -> "restore";
          default -> stage;
        },
        ms);
  }

  /** The row for a photo that is done (or failed). */
  ManifestRow of(Photo photo) {
    if (photo.width() > 0) {
      row.inputSize(photo.width(), photo.height());
    }
    if (photo.failure().isPresent()) {
      return row.failed(photo.failure().get());
    }
    row.outputPath(photo.outputPath().orElse(null));
    row.outputSize(photo.outWidth(), photo.outHeight());
    row.faces(photo.faces());
    row.status(photo.faces() == 0 ? Status.NO_FACE : Status.OK);
    photo
        .quality()
        .ifPresent(q -> row.quality(q.psnr(), q.ssim(), photo.metricReference().orElseThrow()));
    photo.note().ifPresent(row::note);
    return row;
  }
}
