package io.gpenspark.evaluate;

import io.gpenspark.report.Html;
import java.util.List;
import java.util.Locale;

/**
 * One configuration's row of the A/B table: the same cells in the printed table and on the page.
 */
record ComparisonRow(
    String config,
    String images,
    String failed,
    String faces,
    String outSize,
    String psnrMean,
    String psnrMedian,
    String ssimMean,
    String ssimMedian,
    String deltaPsnr,
    String deltaSsim) {
  static final List<String> HEADER =
      List.of(
          "config",
          "images",
          "failed",
          "faces",
          "out size",
          "PSNR mean",
          "PSNR median",
          "SSIM mean",
          "SSIM median",
          "ΔPSNR",
          "ΔSSIM");

  /** The row of r; the Δ cells are against base and empty on base's own row. */
  static ComparisonRow of(VariantResult r, VariantResult base) {
    ScoreStats s = r.stats();
    ScoreStats b = base.stats();
    boolean isBase = r == base;
    return new ComparisonRow(
        r.name(),
        Long.toString(r.byImage().size()),
        Long.toString(r.summary().count("failed")),
        Long.toString(r.summary().faces()),
        s.outSize(),
        Html.num(s.meanPsnr(), 2),
        Html.num(s.medianPsnr(), 2),
        Html.num(s.meanSsim(), 4),
        Html.num(s.medianSsim(), 4),
        isBase ? "" : delta(s.meanPsnr(), b.meanPsnr(), 2),
        isBase ? "" : delta(s.meanSsim(), b.meanSsim(), 4));
  }

  String[] cells() {
    return new String[] {
      config,
      images,
      failed,
      faces,
      outSize,
      psnrMean,
      psnrMedian,
      ssimMean,
      ssimMedian,
      deltaPsnr,
      deltaSsim
    };
  }

  private static String delta(double v, double base, int decimals) {
    if (Double.isNaN(v) || Double.isNaN(base)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%+." + decimals + "f", v - base);
  }
}
