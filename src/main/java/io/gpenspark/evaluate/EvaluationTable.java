package io.gpenspark.evaluate;

import io.gpenspark.report.Html;
import io.gpenspark.report.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation as text: the A/B table, each configuration against the baseline, per image for
 * small sets.
 */
public final class EvaluationTable {
  private EvaluationTable() {}

  /** The side-by-side table printed at the end (and the same numbers as evaluation.html). */
  public static String render(Evaluation.Outcome o) {
    StringBuilder sb = new StringBuilder();
    VariantResult base = o.results().get(0);
    sb.append(
        String.format(
            Locale.ROOT,
            "evaluation of %d images: ground truth %s, degraded %s%n",
            o.images().size(),
            o.setup().hq(),
            o.setup().lq()));
    List<String[]> rows = new ArrayList<>();
    rows.add(ComparisonRow.HEADER.toArray(String[]::new));
    for (VariantResult r : o.results()) {
      rows.add(ComparisonRow.of(r, base).cells());
    }
    sb.append(TextTable.render(rows));
    sb.append(
        String.format("(means and medians over finite PSNR values; Δ against %s)%n", base.name()));
    ScoreStats b = base.stats();
    for (VariantResult r : o.results()) {
      if (r != base) {
        ScoreStats s = r.stats();
        sb.append(
            String.format(
                Locale.ROOT,
                "%s → %s: PSNR %s → %s dB, SSIM %s → %s%n",
                base.name(),
                r.name(),
                Html.num(b.meanPsnr(), 2),
                Html.num(s.meanPsnr(), 2),
                Html.num(b.meanSsim(), 4),
                Html.num(s.meanSsim(), 4)));
      }
    }
    if (o.images().size() <= o.setup().perImageMax()) {
      sb.append("per image (PSNR dB / SSIM):\n");
      List<String[]> per = new ArrayList<>();
      List<String> head = new ArrayList<>(List.of("image"));
      o.results().forEach(r -> head.add(r.name()));
      per.add(head.toArray(String[]::new));
      for (String img : o.images()) {
        List<String> cells = new ArrayList<>(List.of(img));
        for (VariantResult r : o.results()) {
          ImageScore s = r.byImage().get(img);
          cells.add(
              s == null
                  ? "–"
                  : s.measured()
                      ? Html.num(s.psnr(), 2) + " / " + Html.num(s.ssim(), 4)
                      : s.status());
        }
        per.add(cells.toArray(String[]::new));
      }
      sb.append(TextTable.render(per));
    }
    return sb.toString();
  }
}
