package io.gpenspark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.SharedFiles;
import io.gpenspark.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gpen-spark restore-photo}: one photo, no Spark, the same bytes as the job writes. */
@IntegrationTest
class RestorePhotoCommandTest {
  private static final String PHOTO = "codeformer-whole/00.jpg";

  /** {@code head} followed by the shared detector and the 64-px fixture weights. */
  private static String[] args(String... head) {
    String[] s = {
      "--set",
      "detect.model=" + SharedFiles.yunet(),
      "--set",
      "model.path=" + SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth")
    };
    String[] all = new String[head.length + s.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(s, 0, all, head.length, s.length);
    return all;
  }

  @Test
  void writesWhatTheJobWritesForTheSamePhotoAndSettings(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(SharedFiles.faces(PHOTO), in.resolve("00.jpg"));
    Path alone = tmp.resolve("alone/00.jpg");

    GpenSparkRunner.Result photo =
        GpenSparkRunner.run(
            args("restore-photo", in.resolve("00.jpg").toString(), alone.toString()));
    assertEquals(0, photo.code(), photo.err());
    assertTrue(photo.out().contains(" faces, PSNR "), photo.out());
    assertTrue(photo.out().contains("stages: read "), photo.out());

    GpenSparkRunner.Result job =
        GpenSparkRunner.restore(
            args("--input", in.toString(), "--output", tmp.resolve("job").toString()));
    assertEquals(0, job.code(), job.err());
    assertTrue(
        TestImages.samePixels(
            Files.readAllBytes(tmp.resolve("job/00.jpg")), Files.readAllBytes(alone)),
        "restore-photo runs the job's pipeline");
  }

  @Test
  void aMissingPhotoOrABrokenOneIsOneLine(@TempDir Path tmp) throws Exception {
    GpenSparkTest.assertOneLineError(
        GpenSparkRunner.run(
            args(
                "restore-photo",
                tmp.resolve("none.jpg").toString(),
                tmp.resolve("out.jpg").toString())),
        2,
        "no such photo");
    Path broken =
        Files.write(tmp.resolve("broken.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
    GpenSparkTest.assertOneLineError(
        GpenSparkRunner.run(
            args("restore-photo", broken.toString(), tmp.resolve("out.jpg").toString())),
        1,
        "unsupported_format");
    GpenSparkTest.assertOneLineError(
        GpenSparkRunner.run("restore-photo", broken.toString()), 2, "IN and OUT");
  }
}
