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
 * GPEN face restoration of whole photos: pick faces → align each to the template ({@link #align}) →
 * restore them in batches of restore.batch-size ({@link #restoreCrops}) → blend with the aligned
 * original by restore.alpha → paste back under a feathered face mask ({@link #paste}). In aligned
 * mode (restore.aligned) the whole input is one aligned face: resized to the model size, restored
 * and returned at that size.
 *
 * <p>Thread-safe: the model is, and the only shared Mat (the template-space mask) is never written
 * after construction. Owns the model and closes it.
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
  public AlignedFaces align(Mat bgr, List<Face> faces) {
    if (bgr.type() != CvType.CV_8UC3) {
      throw new IllegalArgumentException(
          "expected a BGR 8-bit image, got " + CvType.typeToString(bgr.type()));
    }
    if (settings.aligned()) {
      return wholeImageAsFace(bgr);
    }
    List<Face> picked = selection.pick(faces, bgr.cols(), bgr.rows());
    List<Similarity> toTemplate = picked.stream().map(aligner::toTemplate).toList();
    List<Mat> crops = toTemplate.stream().map(t -> aligner.crop(bgr, t)).toList();
    return new AlignedFaces(
        bgr, picked, crops, toTemplate.stream().map(Similarity::inverse).toList());
  }

  /**
   * GPEN's --aligned: the input is the face crop, resized to the model size; no detection, no
   * paste-back. The one face reported is the template itself: its landmarks are where the face is
   * in the model-size image that {@link #paste} returns.
   */
  private AlignedFaces wholeImageAsFace(Mat bgr) {
    int size = model.size();
    Mat input = new Mat();
    Imgproc.resize(bgr, input, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
    return new AlignedFaces(bgr, List.of(aligner.template().asFace()), List.of(input), List.of());
  }

  @Override
  public Restored paste(AlignedFaces faces, List<Mat> restored) {
    List<Mat> aligned = faces.crops();
    if (settings
        .aligned()) { // restore.alpha applies here too (GPEN's aligned path ignores --alpha)
      Mat image = blend(restored.get(0), aligned.get(0));
      return new Restored(image, faces.faces(), pairsOrRelease(faces.faces(), aligned, restored));
    }
    List<PasteBack.Placed> placed = new ArrayList<>();
    for (int i = 0; i < aligned.size(); i++) {
      placed.add(
          new PasteBack.Placed(blend(restored.get(i), aligned.get(i)), faces.toImage().get(i)));
    }
    PasteBack.Pasted pasted = pasteBack.paste(faces.image(), placed);
    pasted.weight().release();
    placed.forEach(p -> p.crop().release());
    return new Restored(
        pasted.image(), faces.faces(), pairsOrRelease(faces.faces(), aligned, restored));
  }

  /** Runs the crops through the model, restore.batch-size faces per forward pass. */
  @Override
  public List<Mat> restoreCrops(List<Mat> crops) {
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
   * GPEN's --alpha: a new Mat {@code alpha·restored + (1 − alpha)·aligned original}, 8-bit like its
   * cv2.addWeighted (alpha 1 gives {@code restored} exactly).
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
  public String device() {
    return model.device();
  }

  @Override
  public void close() {
    model.close();
    templateMask.release();
  }
}
