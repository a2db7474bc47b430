package io.gpenspark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.testing.ExifTool;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.SharedFiles;
import io.gpenspark.testing.TestImages;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * An archivist's scans through the job as users run it (gpen-spark restore, GPEN restoring the
 * faces): a 2316×2316 JPEG with EXIF, XMP and an ICC profile, and a 16-bit TIFF with a profile,
 * come back at full size and depth with their metadata, read back by exiftool.
 */
@IntegrationTest
class ArchiveScanTest {
  private static final String WEIGHTS =
      SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth").toString();

  /** A face photo upscaled to a scan's size, 8 or 16 bits a sample. */
  private static Mat scan(int side, int depth) {
    OpenCv.load();
    Mat photo = TestImages.face("gfpgan-cropped/Adele_crop.png");
    Mat big = new Mat();
    Imgproc.resize(photo, big, new Size(side, side), 0, 0, Imgproc.INTER_CUBIC);
    if (depth == CvType.CV_16U) {
      big.convertTo(big, CvType.CV_16UC3, 257);
    }
    return big;
  }

  @Test
  void scansComeBackAtFullSizeAndDepthWithTheirMetadata(@TempDir Path tmp) throws Exception {
    ExifTool.assumePresent();
    Path in = Files.createDirectories(tmp.resolve("scans"));
    Path icc =
        Files.write(tmp.resolve("srgb.icc"), ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
    Path jpeg = in.resolve("1950/portrait.jpg");
    Files.createDirectories(jpeg.getParent());
    Imgcodecs.imwrite(
        jpeg.toString(),
        scan(2316, CvType.CV_8U),
        new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95));
    Path tiff = in.resolve("1950/negative.tif");
    Imgcodecs.imwrite(tiff.toString(), scan(1500, CvType.CV_16U));
    ExifTool.run(
        List.of(
            "exiftool",
            "-q",
            "-overwrite_original",
            "-IFD0:Make=Archive Scanner Co",
            "-IFD0:XResolution=600",
            "-IFD0:YResolution=600",
            "-IFD0:ResolutionUnit=inches",
            "-XMP-dc:Creator=Ada Archivist",
            "-ICC_Profile<=" + icc,
            jpeg.toString(),
            tiff.toString()));

    Path out = tmp.resolve("restored");
    GpenSparkRunner.Result r =
        GpenSparkRunner.restore(
            "--input",
            in.toString(),
            "--output",
            out.toString(),
            "--set",
            "detect.model=" + SharedFiles.yunet(),
            "--set",
            "model.path=" + WEIGHTS,
            "--set",
            "job.run-id=archive-1");
    assertEquals(0, r.code(), r.err());

    JsonNode j = ExifTool.tags(out.resolve("1950/portrait.jpg"));
    assertEquals(2316, j.get("File:ImageWidth").asInt(), "never downscaled");
    assertEquals(2316, j.get("File:ImageHeight").asInt());
    assertEquals("Archive Scanner Co", j.get("IFD0:Make").asText());
    assertEquals(600, j.get("IFD0:XResolution").asInt());
    assertEquals("Ada Archivist", j.get("XMP-dc:Creator").asText());
    assertNotNull(ExifTool.iccDescription(j), "ICC profile kept");
    assertEquals("archive-1", j.get("XMP-gpen:RunId").asText(), "provenance");

    JsonNode t = ExifTool.tags(out.resolve("1950/negative.tif"));
    assertEquals(1500, t.get("IFD0:ImageWidth").asInt());
    assertEquals("16 16 16", t.get("IFD0:BitsPerSample").asText(), "16 bits a sample");
    assertEquals("Archive Scanner Co", t.get("IFD0:Make").asText());
    assertNotNull(ExifTool.iccDescription(t), "ICC profile kept");
    assertEquals("archive-1", t.get("XMP-gpen:RunId").asText());
    Mat written =
        Imgcodecs.imread(out.resolve("1950/negative.tif").toString(), Imgcodecs.IMREAD_UNCHANGED);
    assertEquals(CvType.CV_16UC3, written.type());
  }
}
