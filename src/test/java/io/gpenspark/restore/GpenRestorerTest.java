package io.gpenspark.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.gpenspark.config.JobConfig;
import io.gpenspark.face.AlignmentTemplate;
import io.gpenspark.face.DetectorSettings;
import io.gpenspark.face.Face;
import io.gpenspark.face.FaceAligner;
import io.gpenspark.face.YunetDetector;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.model.FaceModel;
import io.gpenspark.model.FaceModels;
import io.gpenspark.restore.Restorer.Restored;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The whole stage with the real YuNet detector and the real GPEN (64 px golden-fixture weights).
 */
@IntegrationTest
class GpenRestorerTest {
  static final Path FIXTURE = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");
  static FaceModel model;
  static YunetDetector detector;

  @BeforeAll
  static void load() throws Exception {
    OpenCv.load();
    model = FaceModels.load(FIXTURE.resolve("weights.pth"), Optional.empty(), Device.cpu());
    detector =
        new YunetDetector(
            Files.readAllBytes(SharedFiles.yunet()),
            new DetectorSettings("yunet", 0.8, 0.3, 5000, 1280));
  }

  @AfterAll
  static void close() {
    model.close();
    detector.close();
  }

  /**
   * A restorer sharing the test's model (not closed by the tests), with reference.conf plus {@code
   * keys}.
   */
  private static GpenRestorer restorer(String... keys) {
    Map<String, String> overrides = new HashMap<>();
    for (int i = 0; i < keys.length; i += 2) {
      overrides.put(keys[i], keys[i + 1]);
    }
    return new GpenRestorer(model, RestoreSettings.from(JobConfig.load(null, overrides).reader()));
  }

  private static Mat photo(String relative) {
    Mat m = Imgcodecs.imread(SharedFiles.faces(relative).toString(), Imgcodecs.IMREAD_COLOR);
    assertTrue(!m.empty(), relative);
    return m;
  }

  /**
   * Where the restorer's faces have weight above 0: rebuilt from the same template, mask and
   * paste-back.
   */
  private static Mat weightOf(Mat image, List<Face> faces, double feather) {
    AlignmentTemplate t = AlignmentTemplate.gpen(model.size());
    FaceAligner aligner = new FaceAligner(t);
    List<PasteBack.Placed> placed = new ArrayList<>();
    for (Face f : faces) {
      placed.add(
          new PasteBack.Placed(
              Mat.zeros(t.size(), t.size(), CvType.CV_8UC3), aligner.toTemplate(f).inverse()));
    }
    PasteBack.Pasted p = new PasteBack(FaceMask.build(t, feather)).paste(image, placed);
    Mat w = Mat.zeros(image.size(), CvType.CV_32FC1);
    p.weight().copyTo(w.submat(p.area()));
    return w;
  }

  private static Mat where(Mat weight, int cmp) {
    Mat sel = new Mat();
    Core.compare(weight, new Scalar(0), sel, cmp);
    return sel;
  }

  /** Mean absolute difference over the pixels selected by {@code where} (all channels). */
  private static double meanDiff(Mat a, Mat b, Mat where) {
    Mat diff = new Mat();
    Core.absdiff(a, b, diff);
    Scalar perChannel = Core.mean(diff, where);
    return (perChannel.val[0] + perChannel.val[1] + perChannel.val[2]) / 3;
  }

  @Test
  void everyFaceOfAGroupPhotoIsRestoredAndNothingElseChanges() {
    Mat in = photo("codeformer-whole/00.jpg");
    Mat before = in.clone();
    List<Face> faces = detector.find(in);
    assertEquals(4, faces.size());

    Restored r = restorer("restore.min-face-size", "0").restore(in, faces);
    assertEquals(faces, r.restoredFaces());
    assertEquals(in.size(), r.image().size());
    assertTrue(r.crops().isEmpty(), "no crops unless output.save-faces");
    assertEquals(0, PasteBackTest.differing(before, in, null), "input untouched");

    Mat weight = weightOf(in, faces, 0.1);
    assertEquals(
        0,
        PasteBackTest.differing(in, r.image(), where(weight, Core.CMP_EQ)),
        "changed outside the masks");
    for (Face f : faces) { // each face changed (random weights: far from the photo)
      Mat one = where(weightOf(in, List.of(f), 0.1), Core.CMP_GT);
      assertTrue(meanDiff(in, r.image(), one) > 10, "face at " + f.eyeCentreX() + " restored");
    }
    r.release();
  }

  @Test
  void alphaZeroGivesTheInputBackInsideTheMasksToo() {
    Mat in = photo("codeformer-whole/00.jpg");
    List<Face> faces = detector.find(in);
    Mat inside = where(weightOf(in, faces, 0.1), Core.CMP_GT);
    Restored kept = restorer("restore.min-face-size", "0", "restore.alpha", "0").restore(in, faces);
    Restored full = restorer("restore.min-face-size", "0").restore(in, faces);
    double keptDiff = meanDiff(in, kept.image(), inside);
    double fullDiff = meanDiff(in, full.image(), inside);
    // Only the two bilinear resamplings (into the crop and back) remain.
    assertTrue(keptDiff < 3, "alpha 0: mean |d| " + keptDiff);
    assertTrue(fullDiff > 5 * keptDiff, "alpha 1: mean |d| " + fullDiff);
  }

  @Test
  void batchSizeDoesNotChangeAPixel() {
    Mat in = photo("codeformer-whole/01.jpg");
    List<Face> faces = detector.find(in);
    assertEquals(4, faces.size());
    Restored one = restorer("restore.batch-size", "1").restore(in, faces);
    Restored four = restorer("restore.batch-size", "4").restore(in, faces);
    Restored three = restorer("restore.batch-size", "3").restore(in, faces);
    assertEquals(0, PasteBackTest.differing(one.image(), four.image(), null));
    assertEquals(0, PasteBackTest.differing(one.image(), three.image(), null));
  }

  @Test
  void alignedModeRestoresTheWholeInputAtTheModelSize() {
    Mat face = Imgcodecs.imread(FIXTURE.resolve("input.png").toString(), Imgcodecs.IMREAD_COLOR);
    Restored r =
        restorer("restore.aligned", "true", "restore.output-rounding", "truncate")
            .restore(face, List.of());
    // The reference PyTorch output of this very face, through GPEN's own uint8 conversion.
    Mat expected =
        Imgcodecs.imread(
            FIXTURE.resolve("expected-truncated.png").toString(), Imgcodecs.IMREAD_COLOR);
    Mat diff = new Mat();
    Core.absdiff(expected, r.image(), diff);
    assertTrue(Core.minMaxLoc(diff.reshape(1)).maxVal <= 1, "at most one level off the reference");
    assertEquals(1, r.restoredFaces().size());
    assertEquals(64, r.restoredFaces().get(0).width());

    Mat big = photo("gfpgan-cropped/Adele_crop.png");
    Restored fromBig = restorer("restore.aligned", "true").restore(big, detector.find(big));
    assertEquals(64, fromBig.image().rows());
    assertEquals(64, fromBig.image().cols());
  }

  @Test
  void minFaceSizeMaxFacesAndOnlyCentreFaceChooseTheFaces() {
    Mat in = photo("codeformer-whole/00.jpg");
    List<Face> faces = detector.find(in); // eye-to-mouth spans about 13.5, 16.2, 16.5 and 20.4 px
    List<Face> bigEnough = faces.stream().filter(f -> f.eyeToMouth() >= 16).toList();
    assertEquals(3, bigEnough.size());
    assertEquals(
        bigEnough, restorer("restore.min-face-size", "16").restore(in, faces).restoredFaces());
    assertEquals(
        faces.size(),
        restorer().restore(in, faces).restoredFaces().size(),
        "by default every face");

    assertEquals(
        faces.subList(0, 2),
        restorer("restore.min-face-size", "0", "restore.max-faces", "2")
            .restore(in, faces)
            .restoredFaces());

    Restored centre =
        restorer("restore.only-centre-face", "true", "restore.min-face-size", "16")
            .restore(in, faces);
    Face c =
        bigEnough.stream()
            .min(
                Comparator.comparingDouble(
                    f ->
                        Math.hypot(
                            f.x() + f.width() / 2 - in.cols() / 2.0,
                            f.y() + f.height() / 2 - in.rows() / 2.0)))
            .orElseThrow();
    assertEquals(List.of(c), centre.restoredFaces());
    Mat outsideCentre = where(weightOf(in, List.of(c), 0.1), Core.CMP_EQ);
    assertEquals(
        0,
        PasteBackTest.differing(in, centre.image(), outsideCentre),
        "only the centre face changed");
  }

  @Test
  void savedFacesComeBackAsAlignedAndRestoredCrops() {
    Mat in = photo("codeformer-whole/01.jpg");
    List<Face> faces = detector.find(in);
    Restored r = restorer("output.save-faces", "true").restore(in, faces);
    assertEquals(faces.size(), r.crops().size());
    for (int i = 0; i < r.crops().size(); i++) {
      FacePair p = r.crops().get(i);
      assertEquals(i, p.index());
      assertEquals(r.restoredFaces().get(i), p.face());
      assertEquals(64, p.aligned().rows());
      assertEquals(64, p.restored().cols());
      Mat side = p.sideBySide();
      assertEquals(128, side.cols());
      assertEquals(64, side.rows());
      assertEquals(0, PasteBackTest.differing(p.aligned(), side.colRange(0, 64), null));
      assertEquals(0, PasteBackTest.differing(p.restored(), side.colRange(64, 128), null));
    }
    Mat expectedCrop =
        new FaceAligner(AlignmentTemplate.gpen(64))
            .crop(in, new FaceAligner(AlignmentTemplate.gpen(64)).toTemplate(faces.get(0)));
    assertEquals(0, PasteBackTest.differing(expectedCrop, r.crops().get(0).aligned(), null));
    r.release();
  }

  @Test
  void noFaceGivesAnExactCopy() {
    Mat in = photo("codeformer-whole/00.jpg");
    Restored r = restorer().restore(in, List.of());
    assertTrue(r.restoredFaces().isEmpty());
    assertEquals(0, PasteBackTest.differing(in, r.image(), null));
    assertTrue(r.image().dataAddr() != in.dataAddr(), "a new Mat");
  }

  @Test
  void concurrentCallsGiveTheSameResultAsOneThread() throws Exception {
    Mat in = photo("codeformer-whole/01.jpg");
    List<Face> faces = detector.find(in);
    GpenRestorer shared = restorer("restore.batch-size", "2");
    Mat alone = shared.restore(in, faces).image();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Restored>> runs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        runs.add(pool.submit(() -> shared.restore(in, faces)));
      }
      for (Future<Restored> f : runs) {
        assertEquals(0, PasteBackTest.differing(alone, f.get().image(), null));
      }
    } finally {
      pool.shutdown();
    }
  }
}
