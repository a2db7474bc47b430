package io.gpenspark.evaluate;

import io.gpenspark.job.RestoreJob;
import io.gpenspark.report.Html;
import io.gpenspark.report.HtmlPage;
import io.gpenspark.report.Thumbnails;

/**
 * evaluation.html: the configurations, the A/B table and, for small sets, each image under every
 * configuration.
 */
final class EvaluationPage {
  private EvaluationPage() {}

  static String render(Evaluation.Outcome o, Thumbnails thumbs) {
    EvaluationPlan plan = o.plan();
    HtmlPage page =
        new HtmlPage(
                "gpen-spark evaluation",
                "gpen-spark evaluation",
                o.images().size()
                    + " images · ground truth <code>"
                    + Html.text(plan.hq())
                    + "</code> · degraded <code>"
                    + Html.text(plan.lq())
                    + "</code>")
            .section("configs", "Configurations", sb -> configurations(sb, o))
            .section("ab", "PSNR and SSIM against the ground truth", sb -> comparison(sb, o));
    if (o.images().size() <= o.setup().perImageMax()) {
      page.section("per-image", "Per image", sb -> perImage(sb, o, thumbs));
    }
    return page.html("gpen-spark " + RestoreJob.VERSION);
  }

  private static void configurations(StringBuilder sb, Evaluation.Outcome o) {
    sb.append(
        "<table><tr><th>config</th><th>settings</th><th>run</th><th>config hash</th><th>report</th></tr>");
    for (VariantResult r : o.results()) {
      sb.append("<tr><td>")
          .append(Html.text(r.name()))
          .append("</td><td>")
          .append(
              Html.text(
                  o.plan().isBaseline(r.variant())
                      ? "the degraded input itself (every step off, PNG)"
                      : r.variant().describe()))
          .append("</td><td>")
          .append(Html.text(r.summary().runId()))
          .append("</td><td>")
          .append(Html.text(r.configHash()))
          .append("</td><td><a href=\"")
          .append(Html.text(r.reportName()))
          .append("\">")
          .append(Html.text(r.reportName()))
          .append("</a></td></tr>");
    }
    sb.append("</table>");
  }

  private static void comparison(StringBuilder sb, Evaluation.Outcome o) {
    VariantResult base = o.results().get(0);
    sb.append("<table id=\"ab-table\"><tr>");
    ComparisonRow.HEADER.forEach(h -> sb.append("<th>").append(Html.text(h)).append("</th>"));
    sb.append("</tr>");
    for (VariantResult r : o.results()) {
      ComparisonRow c = ComparisonRow.of(r, base);
      String id = Html.text(c.config());
      sb.append("<tr><td>")
          .append(id)
          .append("</td><td class=\"n\">")
          .append(c.images())
          .append("</td><td class=\"n\">")
          .append(c.failed())
          .append("</td><td class=\"n\">")
          .append(c.faces())
          .append("</td><td>")
          .append(Html.text(c.outSize()))
          .append("</td><td class=\"n\" id=\"psnr-mean-")
          .append(id)
          .append("\">")
          .append(c.psnrMean())
          .append("</td><td class=\"n\">")
          .append(c.psnrMedian())
          .append("</td><td class=\"n\" id=\"ssim-mean-")
          .append(id)
          .append("\">")
          .append(c.ssimMean())
          .append("</td><td class=\"n\">")
          .append(c.ssimMedian())
          .append("</td><td class=\"n\">")
          .append(c.deltaPsnr())
          .append("</td><td class=\"n\">")
          .append(c.deltaSsim())
          .append("</td></tr>");
    }
    sb.append("</table><p class=\"scope\">Means and medians over finite PSNR values; Δ against ")
        .append(Html.text(base.name()))
        .append(". Outputs of another size than the ground truth are measured against")
        .append(" the ground truth resized to the output size (Lanczos-4).</p>");
  }

  private static void perImage(StringBuilder sb, Evaluation.Outcome o, Thumbnails thumbs) {
    EvaluationPlan plan = o.plan();
    boolean showInput = o.results().stream().noneMatch(r -> plan.isBaseline(r.variant()));
    sb.append("<table id=\"per-image-table\"><tr><th>image</th><th>ground truth</th>");
    if (showInput) {
      sb.append("<th>degraded input</th>");
    }
    o.results().forEach(r -> sb.append("<th>").append(Html.text(r.name())).append("</th>"));
    sb.append("</tr>");
    for (String img : o.images()) {
      sb.append("<tr><td class=\"path\">").append(Html.text(img)).append("</td><td>");
      thumb(sb, thumbs.of(plan.hq() + "/" + img));
      sb.append("</td>");
      if (showInput) { // without the baseline, the degraded input is not among the outputs
        sb.append("<td>");
        thumb(sb, thumbs.of(plan.lq() + "/" + img));
        sb.append("</td>");
      }
      for (VariantResult r : o.results()) {
        ImageScore s = r.byImage().get(img);
        sb.append("<td>");
        if (s != null) {
          thumb(sb, thumbs.of(s.outputPath()));
          sb.append("<br>")
              .append(
                  s.measured()
                      ? Html.num(s.psnr(), 2) + " dB / " + Html.num(s.ssim(), 4)
                      : Html.text(s.status() + (s.error() == null ? "" : ": " + s.error())));
        }
        sb.append("</td>");
      }
      sb.append("</tr>");
    }
    sb.append("</table>");
  }

  private static void thumb(StringBuilder sb, Thumbnails.Thumbnail t) {
    if (t.ok()) {
      sb.append("<img src=\"").append(t.dataUri()).append("\" alt=\"\">");
    } else {
      sb.append("<span class=\"missing\">").append(Html.text(t.problem())).append("</span>");
    }
  }
}
