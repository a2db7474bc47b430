package io.gpenspark.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.report.Chromium;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gpen-spark evaluate end to end: two FFHQ photos degraded, the real job run for the baseline and
 * two configurations (one from a HOCON file, one from key=values) with the originals as ground
 * truth, the A/B table checked against the manifests. Kept fast: short edge 256, restoration off.
 */
@IntegrationTest
class EvaluationTest {
  private static String row(String table, String config) {
    return table
        .lines()
        .filter(l -> l.startsWith(config + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + config + " in\n" + table));
  }

  @Test
  void twoConfigurationsSideBySideAgainstTheOriginals(@TempDir Path tmp) throws Exception {
    OpenCv.load();
    Path hq = Files.createDirectories(tmp.resolve("hq"));
    Files.copy(SharedFiles.faces("gpen-ffhq/00004.png"), hq.resolve("00004.png"));
    Files.copy(SharedFiles.faces("gpen-ffhq/00008.png"), hq.resolve("00008.png"));
    Path lq = tmp.resolve("lq");
    Degrader.Result d =
        Degrader.run(
            LocalSpark.session(),
            hq.toString(),
            lq.toString(),
            5,
            new DegradationSettings(
                new DegradationSettings.Range(1, 3),
                new DegradationSettings.Range(2, 4),
                new DegradationSettings.Range(0, 10),
                70,
                90,
                41,
                0.5));
    assertEquals(2, d.written());
    Path postOff =
        Files.writeString(tmp.resolve("post-off.conf"), "postprocess { enabled = false }\n");
    Path out = tmp.resolve("eval");

    GpenSparkRunner.Result r =
        GpenSparkRunner.run(
            "evaluate",
            "--hq",
            hq.toString(),
            "--lq",
            lq.toString(),
            "--output",
            out.toString(),
            "--set",
            "detect.model=" + SharedFiles.yunet(),
            "--set",
            "restore.enabled=false",
            "--set",
            "preprocess.resize.short-edge=256",
            "--config",
            "post-off=" + postOff,
            "--configs",
            "post-on=postprocess.high-frequency.amount=1.0,postprocess.blend.weight=0.7",
            "--gallery",
            "1");
    assertEquals(0, r.code(), r.err());
    String table = r.out();
    System.out.println(table);
    assertTrue(table.startsWith("evaluation of 2 images"), table);

    Map<String, String> sizes =
        Map.of("degraded", "1024×1024", "post-off", "256×256", "post-on", "256×256");
    double[] means = new double[3];
    int i = 0;
    for (String config : List.of("degraded", "post-off", "post-on")) {
      Path manifest = out.resolve(config + "/_manifest");
      List<Row> rows = LocalSpark.session().read().parquet(manifest.toString()).collectAsList();
      assertEquals(2, rows.size(), config);
      for (Row x : rows) {
        assertEquals("ground_truth", x.getAs("metric_reference"), config);
        assertTrue(
            List.of("ok", "no_face").contains((String) x.getAs("status")),
            config + " " + x.getAs("error"));
      }
      double psnr = rows.stream().mapToDouble(x -> x.getAs("psnr")).average().orElseThrow();
      double ssim = rows.stream().mapToDouble(x -> x.getAs("ssim")).average().orElseThrow();
      means[i++] = psnr;
      String line = row(table, config);
      assertTrue(
          line.contains(String.format(Locale.ROOT, " %.2f ", psnr)),
          line + " vs mean PSNR " + psnr);
      assertTrue(
          line.contains(String.format(Locale.ROOT, " %.4f ", ssim)),
          line + " vs mean SSIM " + ssim);
      assertTrue(line.contains(" " + sizes.get(config) + " "), line);
      assertTrue(Files.isRegularFile(out.resolve("report-" + config + ".html")), config);
    }
    assertTrue(means[0] > 15 && means[0] < 40, "the degraded input is degraded: " + means[0]);
    assertNotEquals(means[1], means[2], "the postprocess settings change the outputs");
    assertTrue(table.contains("degraded → post-on: PSNR "), table);
    assertTrue(table.contains("per image (PSNR dB / SSIM):"), table);
    assertTrue(row(table, "00004.png").split(" / ").length == 4, "three configurations per image");

    List<String> csv = Files.readAllLines(out.resolve("evaluation.csv"));
    assertEquals("config,image,status,faces,psnr,ssim,out_width,out_height", csv.get(0));
    assertEquals(7, csv.size());

    Chromium.assumeInstalled();
    String dom = Chromium.dumpDom(out.resolve("evaluation.html"), tmp);
    assertTrue(
        dom.contains(String.format(Locale.ROOT, "id=\"psnr-mean-post-on\">%.2f<", means[2])),
        "A/B table");
    assertTrue(dom.contains("id=\"per-image-table\""));
    assertEquals(
        2 * 4,
        dom.split("src=\"data:image/jpeg;base64,", -1).length - 1,
        "ground truth and 3 outputs per image");
    String report = Chromium.dumpDom(out.resolve("report-post-on.html"), tmp);
    assertTrue(
        report.contains("id=\"psnr-ground_truth-count\">2<"),
        "per-configuration report, ground-truth PSNR");
    assertTrue(report.contains("ground truth"), "gallery shows the ground truth");
  }

  @Test
  void variantSpecs(@TempDir Path tmp) throws Exception {
    Variant sets =
        Variant.parse("hf=postprocess.high-frequency.regions=[eyes,lips],restore.template=ffhq");
    assertEquals("hf", sets.name());
    assertEquals(
        Map.of("postprocess.high-frequency.regions", "[eyes,lips]", "restore.template", "ffhq"),
        sets.sets());
    assertEquals(Map.of(), Variant.parse("defaults=").sets());
    Path f =
        Files.writeString(
            tmp.resolve("x.conf"), "restore { template = ffhq }\nmodel.path = null\n");
    Variant file = Variant.parse("x=" + f);
    assertEquals(f.toFile(), file.file());
    assertEquals(
        Map.of("restore.template", "\"ffhq\"", "model.path", "null"),
        EvaluationPlan.flatten(f.toFile()));
  }
}
