package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The job with GPEN (golden-fixture weights): aligned mode reproduces the reference; photos get
 * every face restored.
 */
@IntegrationTest
class GpenJobTest {
  private static final Path FIXTURE = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  private static RestoreSummary run(Path in, Path out, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(extra);
    o.put("input.uri", '"' + in.toString() + '"');
    o.put("output.uri", '"' + out.toString() + '"');
    o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
    o.put("model.path", '"' + FIXTURE.resolve("weights.pth").toString() + '"');
    RestoreSummary s = RestoreJob.of(LocalSpark.session(), JobConfig.load(null, o)).execute();
    System.out.println(s.line());
    return s;
  }

  @Test
  void alignedModeWithProcessingOffReproducesTheReferenceOutput(@TempDir Path tmp)
      throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(FIXTURE.resolve("input.png"), in.resolve("face.png"));
    RestoreSummary s =
        run(
            in,
            tmp.resolve("out"),
            Map.of(
                "restore.aligned",
                "true",
                "preprocess.enabled",
                "false",
                "postprocess.enabled",
                "false"));
    assertEquals(1, s.count("ok"));
    Mat got = Imgcodecs.imread(tmp.resolve("out/face.png").toString());
    Mat expected = Imgcodecs.imread(FIXTURE.resolve("expected-rounded.png").toString());
    Mat diff = new Mat();
    Core.absdiff(got, expected, diff);
    assertTrue(
        Core.minMaxLoc(diff.reshape(1)).maxVal <= 1, "within one grey level of the reference");

    Row row = LocalSpark.session().read().parquet(tmp.resolve("out/_manifest").toString()).first();
    String sha = io.gpenspark.model.ModelSource.sha256(FIXTURE.resolve("weights.pth"));
    assertEquals("weights.pth sha256:" + sha, row.getAs("model_id"));
  }

  @Test
  void groupPhotoGetsEveryFaceRestoredAndSavedFacesWritten(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in/family"));
    Files.copy(SharedFiles.faces("codeformer-whole/00.jpg"), in.resolve("group.jpg"));
    Path out = tmp.resolve("out");
    RestoreSummary s =
        run(
            tmp.resolve("in"),
            out,
            Map.of("output.save-faces", "true", "restore.min-face-size", "0"));
    assertEquals(1, s.count("ok"));
    Row row = LocalSpark.session().read().parquet(out.resolve("_manifest").toString()).first();
    int faces = row.getAs("faces");
    assertTrue(faces >= 2, "faces " + faces);
    assertTrue((double) row.getAs("ms_restore") > 0);
    for (int i = 0; i < faces; i++) {
      for (String kind : List.of("aligned", "restored", "compare")) {
        Path face = out.resolve(String.format("_faces/family/group_face%02d_%s.png", i, kind));
        assertTrue(Files.isRegularFile(face), face.toString());
        Mat m = Imgcodecs.imread(face.toString());
        assertEquals(kind.equals("compare") ? 128 : 64, m.cols());
      }
    }
  }
}
