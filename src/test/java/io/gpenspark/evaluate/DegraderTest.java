package io.gpenspark.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.imageio.ImageDecoder;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.metrics.ImageQuality;
import io.gpenspark.metrics.Quality;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * gpen-spark degrade on real photos: deterministic per seed and path, same sizes, parameters in
 * range and recorded.
 */
@IntegrationTest
class DegraderTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  static Path originals(Path tmp) throws Exception {
    Path hq = tmp.resolve("hq");
    Files.createDirectories(hq.resolve("a"));
    Files.createDirectories(hq.resolve("sub dir"));
    Files.copy(SharedFiles.faces("gpen-ffhq/00004.png"), hq.resolve("a/00004.png"));
    Files.copy(SharedFiles.faces("gpen-ffhq/00005.png"), hq.resolve("00005.png"));
    Files.copy(SharedFiles.faces("codeformer-whole/01.jpg"), hq.resolve("sub dir/01.jpg"));
    return hq;
  }

  static Map<String, JsonNode> params(Path lq) throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String l : Files.readAllLines(lq.resolve(Degrader.PARAMS))) {
      JsonNode n = JSON.readTree(l);
      out.put(n.get("path").asText(), n);
    }
    return out;
  }

  private static void degrade(Path hq, Path lq, String... extra) {
    String[] args = new String[7 + extra.length];
    System.arraycopy(
        new String[] {
          "degrade", "--input", hq.toString(), "--output", lq.toString(), "--seed", "7"
        },
        0,
        args,
        0,
        7);
    System.arraycopy(extra, 0, args, 7, extra.length);
    GpenSparkRunner.Result r = GpenSparkRunner.run(args);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("3 images degraded (seed"), r.out());
  }

  @Test
  void sameSeedSameImagesOtherSeedOthers(@TempDir Path tmp) throws Exception {
    Path hq = originals(tmp);
    degrade(hq, tmp.resolve("lq1"));
    degrade(hq, tmp.resolve("lq2"));
    GpenSparkRunner.Result r =
        GpenSparkRunner.run(
            "degrade",
            "--input",
            hq.toString(),
            "--output",
            tmp.resolve("lq3").toString(),
            "--seed",
            "8");
    assertEquals(0, r.code(), r.err());

    Map<String, JsonNode> p1 = params(tmp.resolve("lq1"));
    assertEquals(List.of("00005.png", "a/00004.png", "sub dir/01.jpg"), List.copyOf(p1.keySet()));
    assertEquals(
        Files.readString(tmp.resolve("lq1").resolve(Degrader.PARAMS)),
        Files.readString(tmp.resolve("lq2").resolve(Degrader.PARAMS)));
    Map<String, JsonNode> p3 = params(tmp.resolve("lq3"));
    DegradationSettings gfpgan = DegradationSettings.gfpgan();
    ImageQuality quality = new ImageQuality(0, false);
    for (String rel : p1.keySet()) {
      byte[] a = Files.readAllBytes(tmp.resolve("lq1").resolve(rel));
      assertArrayEquals(
          a, Files.readAllBytes(tmp.resolve("lq2").resolve(rel)), rel + ": same seed, same bytes");
      assertFalse(
          java.util.Arrays.equals(a, Files.readAllBytes(tmp.resolve("lq3").resolve(rel))), rel);
      assertNotEquals(p1.get(rel).get("seed").asLong(), p3.get(rel).get("seed").asLong());

      JsonNode p = p1.get(rel);
      assertTrue(gfpgan.blurSigma().contains(p.get("blur_sigma_x").asDouble()), p.toString());
      assertTrue(gfpgan.blurSigma().contains(p.get("blur_sigma_y").asDouble()), p.toString());
      if (p.get("kernel").asText().equals("iso")) {
        assertEquals(p.get("blur_sigma_x").asDouble(), p.get("blur_sigma_y").asDouble());
      } else {
        assertEquals("aniso", p.get("kernel").asText());
      }
      assertEquals(41, p.get("kernel_size").asInt());
      double scale = p.get("downsample").asDouble();
      assertTrue(gfpgan.downsample().contains(scale), p.toString());
      assertTrue(gfpgan.noiseSigma().contains(p.get("noise_sigma").asDouble()), p.toString());
      int q = p.get("jpeg_quality").asInt();
      assertTrue(q >= 60 && q <= 100, p.toString());

      Mat original = ImageDecoder.decode(Files.readAllBytes(tmp.resolve("hq").resolve(rel)));
      Mat degraded = ImageDecoder.decode(a);
      assertEquals(original.size(), degraded.size(), rel + ": back to the original size");
      assertEquals(original.cols(), p.get("width").asInt());
      assertEquals((int) Math.floor(original.cols() / scale), p.get("down_width").asInt());
      Quality d = quality.measure(degraded, original);
      assertTrue(d.psnr() < 40 && d.psnr() > 10, rel + ": degraded, PSNR " + d.psnr());

      // The parameters and pixels depend on seed and relative path alone, not on the run.
      Degradation again = Degradation.draw(gfpgan, 7, rel);
      assertEquals(p.get("seed").asLong(), again.seed());
      assertEquals(scale, again.scale());
      if (rel.endsWith(".png")) { // lossless container: the very pixels
        Mat direct = again.apply(original);
        Mat diff = new Mat();
        Core.absdiff(direct, degraded, diff);
        assertEquals(0, Core.countNonZero(diff.reshape(1)), rel);
      }
    }
  }

  @Test
  void fixedRangesGiveExactlyThoseParameters(@TempDir Path tmp) throws Exception {
    Path hq = originals(tmp);
    degrade(
        hq,
        tmp.resolve("lq"),
        "--blur-sigma",
        "2:2",
        "--downsample",
        "4",
        "--noise",
        "0:0",
        "--jpeg-quality",
        "90:90",
        "--aniso-prob",
        "0",
        "--kernel-size",
        "21");
    for (JsonNode p : params(tmp.resolve("lq")).values()) {
      assertEquals("iso", p.get("kernel").asText());
      assertEquals(2.0, p.get("blur_sigma_x").asDouble());
      assertEquals(4.0, p.get("downsample").asDouble());
      assertEquals(0.0, p.get("noise_sigma").asDouble());
      assertEquals(90, p.get("jpeg_quality").asInt());
      assertEquals(21, p.get("kernel_size").asInt());
      assertEquals(p.get("width").asInt() / 4, p.get("down_width").asInt());
    }
  }

  @Test
  void kernelIsNormalisedAndAnisotropicWhenAsked() {
    OpenCv.load();
    Degradation iso = new Degradation("x", 1, "iso", 41, 3, 3, 0, 2, 0, 90);
    Degradation aniso = new Degradation("x", 1, "aniso", 41, 1, 6, 0, 2, 0, 90);
    for (Degradation d : List.of(iso, aniso)) {
      Mat k = d.kernelMat();
      assertEquals(1.0, Core.sumElems(k).val[0], 1e-5);
      k.release();
    }
    Mat k = aniso.kernelMat();
    // σx 1 along x, σy 6 along y (θ 0): the kernel spreads far more down than across.
    assertTrue(k.get(20 + 6, 20)[0] > 10 * k.get(20, 20 + 6)[0]);
    k.release();
  }
}
