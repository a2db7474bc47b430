package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * restore.batch-images end to end (GPEN fixture weights): the same outputs as one image at a time,
 * and one row per input.
 */
@IntegrationTest
class BatchImagesJobTest {
  private static final Path FIXTURE = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");
  private static final List<String> PHOTOS =
      List.of(
          "codeformer-whole/00.jpg",
          "codeformer-whole/01.jpg",
          "codeformer-whole/03.jpg",
          "gfpgan-whole/00.jpg",
          "codeformer-cropped/0143.png",
          "codeformer-cropped/0240.png",
          "gfpgan-cropped/Adele_crop.png");

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  private static Map<String, Row> run(Path in, Path out, String batchImages) {
    Map<String, String> o = new HashMap<>();
    o.put("input.uri", '"' + in.toString() + '"');
    o.put("output.uri", '"' + out.toString() + '"');
    o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
    o.put("model.path", '"' + FIXTURE.resolve("weights.pth").toString() + '"');
    o.put("output.format", "png");
    o.put("input.images-per-partition", "16"); // one task, so its images are grouped
    o.put("restore.batch-images", batchImages);
    RestoreSummary s = RestoreJob.of(LocalSpark.session(), JobConfig.load(null, o)).execute();
    assertEquals(PHOTOS.size() + 2, s.inputs());
    Map<String, Row> rows = new TreeMap<>();
    for (Row r :
        ManifestReader.all(LocalSpark.session(), out.resolve("_manifest").toString())
            .collectAsList()) {
      Row before = rows.put(Path.of(r.<String>getAs("input_path")).getFileName().toString(), r);
      assertEquals(null, before, "one row per input");
    }
    return rows;
  }

  @Test
  void batchedImagesGiveTheOutputsOfOneAtATimeAndBrokenOnesFailAlone(@TempDir Path tmp)
      throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (String f : PHOTOS) {
      Files.copy(SharedFiles.faces(f), in.resolve(f.replace('/', '-')));
    }
    Files.write(in.resolve("03-corrupt.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    Imgcodecs.imwrite(
        in.resolve("05-tiny.png").toString(), Mat.zeros(8, 8, org.opencv.core.CvType.CV_8UC3));

    Map<String, Row> one = run(in, tmp.resolve("one"), "1");
    Map<String, Row> four = run(in, tmp.resolve("four"), "4");
    assertEquals(PHOTOS.size() + 2, four.size());
    assertEquals("unsupported_format", four.get("03-corrupt.jpg").getAs("error_code"));
    assertEquals("too_small", four.get("05-tiny.png").getAs("error_code"));
    int faces = 0;
    for (String f : PHOTOS) {
      String name = f.replace('/', '-');
      Row a = one.get(name), b = four.get(name);
      assertEquals("ok", b.getAs("status"), name + ": " + b.getAs("error"));
      assertEquals((int) a.getAs("faces"), (int) b.getAs("faces"), name);
      assertTrue((double) b.getAs("ms_restore") > 0, name);
      faces += (int) b.getAs("faces");
      String png = name.replaceAll("\\.jpg$", ".png");
      Mat x = Imgcodecs.imread(tmp.resolve("one").resolve(png).toString());
      Mat y = Imgcodecs.imread(tmp.resolve("four").resolve(png).toString());
      Mat diff = new Mat();
      Core.absdiff(x, y, diff);
      assertTrue(Core.minMaxLoc(diff.reshape(1)).maxVal <= 1, name + " within one grey level");
      List.of(x, y, diff).forEach(Mat::release);
    }
    assertTrue(faces > PHOTOS.size(), "a group photo among them: " + faces + " faces");
  }

  @Test
  void batchImagesOutsideItsRangeIsRejected(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (String bad : List.of("0", "33")) {
      Map<String, String> o = new HashMap<>();
      o.put("input.uri", '"' + in.toString() + '"');
      o.put("output.uri", '"' + tmp.resolve("out").toString() + '"');
      o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
      o.put("restore.enabled", "false");
      o.put("restore.batch-images", bad);
      InvalidConfigException e =
          assertThrows(
              InvalidConfigException.class,
              () -> RestoreJob.of(LocalSpark.session(), JobConfig.load(null, o)).execute());
      assertTrue(e.getMessage().contains("restore.batch-images"), e.getMessage());
    }
  }
}
