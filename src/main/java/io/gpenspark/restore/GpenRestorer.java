package io.gpenspark.restore;

import io.gpenspark.face.AlignmentTemplate;
import io.gpenspark.face.Face;
import io.gpenspark.face.FaceAligner;
import io.gpenspark.face.Similarity;
import io.gpenspark.model.FaceModel;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * GPEN face restoration of whole photos: pick faces → align each to the template → restore them
 * in batches of restore.batch-size → blend with the aligned original by restore.alpha → paste
 * back under a feathered face mask. In aligned mode (restore.aligned) the whole input is one
 * aligned face: resized to the model size, restored and returned at that size.
 *
 * <p>Thread-safe: the model is, and the only shared Mat (the template-space mask) is never
 * written after construction. Owns the model and closes it.
 */
public final class GpenRestorer implements Restorer {
  private final FaceModel model;
  private final RestoreSettings settings;
  private final FaceAligner aligner;
  private final FaceSelection selection;
  private final Mat templateMask;
  private final PasteBack pasteBack;

  public GpenRestorer(FaceModel model, RestoreSettings settings) {
    this.model = model;
    this.settings = settings;
    this.aligner = new FaceAligner(AlignmentTemplate.named(settings.template(), model.size()));
    this.selection = new FaceSelection(settings);
    this.templateMask = FaceMask.build(aligner.template(), settings.maskFeather());
    this.pasteBack = new PasteBack(templateMask);
  }

  @Override
  public Restored restore(Mat bgr, List<Face> faces) {
    if (bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException("expected a BGR 8-bit image, got " + CvType.typeToString(bgr.type()));
    }
    return settings.aligned() ? restoreAligned(bgr) : restoreInPlace(bgr, faces);
  }

  private Restored restoreInPlace(Mat bgr, List<Face> faces) {
    List<Face> picked = selection.pick(faces, bgr.cols(), bgr.rows());
    List<Similarity> toTemplate = picked.stream().map(aligner::toTemplate).toList();
    List<Mat> aligned = toTemplate.stream().map(t -> aligner.crop(bgr, t)).toList();
    List<Mat> restored = restoreCrops(aligned);
    List<PasteBack.Placed> placed = new ArrayList<>();
    for (int i = 0; i < picked.size(); i++) {
      placed.add(new PasteBack.Placed(blend(restored.get(i), aligned.get(i)), toTemplate.get(i).inverse()));
    }
    PasteBack.Pasted pasted = pasteBack.paste(bgr, placed);
    pasted.weight().release();
    placed.forEach(p -> p.crop().release());
    return new Restored(pasted.image(), picked, pairsOrRelease(picked, aligned, restored));
  }

  /**
   * GPEN's --aligned: the input is the face crop; no detection, no paste-back. restore.alpha
   * applies here too (GPEN's aligned path ignores --alpha). The one restored face reported is
   * the template itself: its landmarks are where the face is in the returned model-size image.
   */
  private Restored restoreAligned(Mat bgr) {
    int size = model.size();
    Mat input = new Mat();
    Imgproc.resize(bgr, input, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
    Mat restored = restoreCrops(List.of(input)).get(0);
    Mat image = blend(restored, input);
    Face whole = aligner.template().asFace();
    return new Restored(image, List.of(whole), pairsOrRelease(List.of(whole), List.of(input), List.of(restored)));
  }

  /** Runs the crops through the model, restore.batch-size faces per forward pass. */
  private List<Mat> restoreCrops(List<Mat> crops) {
    int size = model.size();
    int faceValues = 3 * size * size;
    List<Mat> out = new ArrayList<>(crops.size());
    for (int start = 0; start < crops.size(); start += settings.batchSize()) {
      int n = Math.min(settings.batchSize(), crops.size() - start);
      float[] batch = new float[n * faceValues];
      for (int i = 0; i < n; i++) {
        FaceTensors.put(crops.get(start + i), batch, i);
      }
      float[] result = model.restore(batch, n);
      for (int i = 0; i < n; i++) {
        out.add(FaceTensors.take(result, i, size, settings.rounding()));
      }
    }
    return out;
  }

  /**
   * GPEN's --alpha: a new Mat {@code alpha·restored + (1 − alpha)·aligned original}, 8-bit like
   * its cv2.addWeighted (alpha 1 gives {@code restored} exactly).
   */
  private Mat blend(Mat restored, Mat aligned) {
    Mat out = new Mat();
    Core.addWeighted(restored, settings.alpha(), aligned, 1 - settings.alpha(), 0, out);
    return out;
  }

  /** The crops as FacePairs when output.save-faces is set; otherwise they are released here. */
  private List<FacePair> pairsOrRelease(List<Face> faces, List<Mat> aligned, List<Mat> restored) {
    List<FacePair> pairs = new ArrayList<>();
    for (int i = 0; i < faces.size(); i++) {
      FacePair pair = new FacePair(i, faces.get(i), aligned.get(i), restored.get(i));
      if (settings.saveFaces()) {
        pairs.add(pair);
      } else {
        pair.release();
      }
    }
    return pairs;
  }

  @Override
  public String modelId() {
    return model.id();
  }

  @Override
  public void close() {
    model.close();
    templateMask.release();
  }
}
