package io.gpenspark.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.job.RestoreSummary;
import io.gpenspark.report.Thumbnails;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The text table, CSV and page of a known outcome, without Spark: a failed image, an identical one
 * (PSNR ∞, left out of the means), mixed output sizes and an image name that needs CSV quoting. The
 * expected text is what the evaluation printed before it was split into these classes.
 */
class EvaluationRenderersTest {
  private static ImageScore ok(double psnr, double ssim, int edge) {
    return new ImageScore("ok", psnr, ssim, 1, edge, edge, "/missing/" + edge + ".png", null);
  }

  private static Evaluation.Outcome outcome(boolean baseline, int perImageMax) {
    Variant x = Variant.parse("x=postprocess.enabled=false");
    Variant y = Variant.parse("y=");
    Evaluation.Setup setup =
        new Evaluation.Setup(
            "hq", "lq", "out", null, Map.of(), List.of(x, y), baseline, perImageMax, 4);
    List<VariantResult> results = new ArrayList<>();
    if (baseline) {
      results.add(
          new VariantResult(
              new Variant(EvaluationPlan.BASELINE, null, EvaluationPlan.baselineSets()),
              "h0",
              new RestoreSummary("r0", 2, Map.of("ok", 2L), 2, 1, "m0"),
              "m0",
              new TreeMap<>(Map.of("a.png", ok(20, 0.5, 64), "b,c.png", ok(30, 0.7, 64)))));
    }
    results.add(
        new VariantResult(
            x,
            "h1",
            new RestoreSummary("r1", 2, Map.of("ok", 1L, "failed", 1L), 1, 1, "m1"),
            "m1",
            new TreeMap<>(
                Map.of(
                    "a.png",
                    ok(24, 0.65, 32),
                    "b,c.png",
                    new ImageScore("failed", null, null, 0, null, null, null, "boom <bad>")))));
    results.add(
        new VariantResult(
            y,
            "h2",
            new RestoreSummary("r2", 2, Map.of("ok", 2L), 2, 1, "m2"),
            "m2",
            new TreeMap<>(
                Map.of(
                    "a.png",
                    ok(Double.POSITIVE_INFINITY, 1.0, 64),
                    "b,c.png",
                    ok(31, 0.75, 128)))));
    EvaluationPlan plan =
        new EvaluationPlan(setup, "file:/missing/hq", "file:/missing/lq", "file:/out", List.of());
    return new Evaluation.Outcome(
        plan,
        results,
        List.of("a.png", "b,c.png"),
        "file:/out/evaluation.html",
        "file:/out/evaluation.csv");
  }

  @Test
  void tableAndCsv() {
    Evaluation.Outcome o = outcome(true, 20);
    assertEquals(
        String.join(
            "\n",
            "evaluation of 2 images: ground truth hq, degraded lq",
            "config    images  failed  faces  out size  PSNR mean  PSNR median  SSIM mean  SSIM median  ΔPSNR  ΔSSIM",
            "degraded  2       0       2      64×64     25.00      25.00        0.6000     0.6000",
            "x         2       1       1      32×32     24.00      24.00        0.6500     0.6500       -1.00  +0.0500",
            "y         2       0       2      mixed     31.00      31.00        0.8750     0.8750       +6.00  +0.2750",
            "(means and medians over finite PSNR values; Δ against degraded)",
            "degraded → x: PSNR 25.00 → 24.00 dB, SSIM 0.6000 → 0.6500",
            "degraded → y: PSNR 25.00 → 31.00 dB, SSIM 0.6000 → 0.8750",
            "per image (PSNR dB / SSIM):",
            "image    degraded        x               y",
            "a.png    20.00 / 0.5000  24.00 / 0.6500  ∞ / 1.0000",
            "b,c.png  30.00 / 0.7000  failed          31.00 / 0.7500",
            ""),
        EvaluationTable.render(o).replace(System.lineSeparator(), "\n"));
    assertFalse(
        EvaluationTable.render(outcome(true, 1)).contains("per image"),
        "per image only for small sets");

    assertEquals(
        String.join(
            "\r\n",
            "config,image,status,faces,psnr,ssim,out_width,out_height",
            "degraded,a.png,ok,1,20.0,0.5,64,64",
            "degraded,\"b,c.png\",ok,1,30.0,0.7,64,64",
            "x,a.png,ok,1,24.0,0.65,32,32",
            "x,\"b,c.png\",failed,0,,,,",
            "y,a.png,ok,1,inf,1.0,64,64",
            "y,\"b,c.png\",ok,1,31.0,0.75,128,128",
            ""),
        EvaluationCsv.render(o));
  }

  @Test
  void page() {
    Thumbnails thumbs = new Thumbnails(new Configuration(), 200);
    String html = EvaluationPage.render(outcome(true, 20), thumbs);
    assertTrue(
        html.contains(
            "<td>degraded</td><td>the degraded input itself (every step off, PNG)</td><td>r0</td>"
                + "<td>h0</td><td><a href=\"report-degraded.html\">report-degraded.html</a></td>"),
        "configurations");
    assertTrue(html.contains("<td class=\"n\" id=\"psnr-mean-y\">31.00</td>"), "A/B table");
    assertTrue(
        html.contains("<td class=\"n\">+6.00</td><td class=\"n\">+0.2750</td></tr>"),
        "Δ against the baseline");
    assertTrue(html.contains("<br>failed: boom &lt;bad&gt;</td>"), "a failure's error, escaped");
    assertFalse(
        html.contains("<th>degraded input</th>"), "the baseline column shows the degraded input");
    assertTrue(
        EvaluationPage.render(outcome(false, 20), thumbs).contains("<th>degraded input</th>"));
    assertFalse(EvaluationPage.render(outcome(true, 1), thumbs).contains("id=\"per-image\""));
  }
}
