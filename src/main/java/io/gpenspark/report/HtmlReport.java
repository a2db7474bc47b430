package io.gpenspark.report;

import io.gpenspark.job.RunRecord;
import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.manifest.Status;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The run report: one static HTML file with everything inline (CSS, SVG charts, thumbnails as
 * base64 JPEG), so it can be mailed or archived and opened anywhere without network access.
 * Sections: summary, time per stage, PSNR/SSIM, best and worst images by PSNR, failures, runs, and
 * the run records beside the manifest ({@link RunRecords}: runs with nothing to do have no rows).
 * Every value that comes from the manifest or a record is escaped.
 */
public final class HtmlReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** Run records listed at most (the latest): a nightly schedule makes one a day. */
  static final int MAX_RECORDS = 100;

  /**
   * @param galleryPerSide how many best and how many worst images by PSNR
   * @param thumbnailEdge long edge of the thumbnails in pixels
   * @param maxFailures failed rows listed at most
   * @param referenceFor ground-truth path of an input path, for a third gallery column; null for
   *     none
   */
  public record Options(
      String title,
      int galleryPerSide,
      int thumbnailEdge,
      int maxFailures,
      int bins,
      UnaryOperator<String> referenceFor) {
    public static Options defaults() {
      return new Options("gpen-spark report", 6, 256, 500, ManifestStats.DEFAULT_BINS, null);
    }

    public Options withTitle(String t) {
      return new Options(t, galleryPerSide, thumbnailEdge, maxFailures, bins, referenceFor);
    }

    public Options withGallery(int perSide) {
      return new Options(title, perSide, thumbnailEdge, maxFailures, bins, referenceFor);
    }

    public Options withReferenceFor(UnaryOperator<String> f) {
      return new Options(title, galleryPerSide, thumbnailEdge, maxFailures, bins, f);
    }
  }

  /** One before/after pair of the gallery. */
  public record GalleryItem(
      ManifestRecord row,
      Thumbnails.Thumbnail input,
      Thumbnails.Thumbnail output,
      Thumbnails.Thumbnail reference) {}

  /** One failed row. */
  public record Failure(String errorCode, String error, String inputPath, String runId) {}

  private final String manifest;
  private final String selection;
  private final ManifestStats stats;
  private final List<GalleryItem> best;
  private final List<GalleryItem> worst;
  private final List<Failure> failures;
  private final List<RunRecord> records;
  private final Options options;
  private final Instant generated;

  private HtmlReport(
      String manifest,
      String selection,
      ManifestStats stats,
      List<GalleryItem> best,
      List<GalleryItem> worst,
      List<Failure> failures,
      List<RunRecord> records,
      Options options) {
    this.manifest = manifest;
    this.selection = selection;
    this.stats = stats;
    this.best = best;
    this.worst = worst;
    this.failures = failures;
    this.records = records;
    this.options = options;
    this.generated = Instant.now();
  }

  public ManifestStats stats() {
    return stats;
  }

  /** Through the session's Hadoop configuration (for callers that hold one). */
  public static HtmlReport build(
      SparkSession spark, ManifestSelection.Selected selected, Options options) {
    return build(spark.sparkContext().hadoopConfiguration(), selected, options);
  }

  /** Aggregates the selected rows and reads the gallery's images through Hadoop FS. */
  public static HtmlReport build(
      Configuration conf, ManifestSelection.Selected selected, Options options) {
    List<ManifestRecord> rows = selected.rows();
    ManifestStats stats = ManifestStats.of(rows, options.bins());
    Thumbnails thumbs = new Thumbnails(conf, options.thumbnailEdge());
    List<ManifestRecord> measured =
        rows.stream()
            .filter(r -> r.number("psnr") != null && r.string("output_path") != null)
            .toList();
    Comparator<ManifestRecord> byPsnr = Comparator.comparing(r -> r.number("psnr"));
    int perSide = Math.max(0, options.galleryPerSide());
    List<ManifestRecord> bestRows =
        measured.stream()
            .sorted(byPsnr.reversed().thenComparing(ManifestRecord::inputPath))
            .limit(perSide)
            .toList();
    Set<String> shown = new HashSet<>();
    bestRows.forEach(r -> shown.add(r.inputPath() + "\u0000" + r.runId()));
    List<ManifestRecord> worstRows =
        measured.stream()
            .sorted(byPsnr.thenComparing(ManifestRecord::inputPath))
            .limit(perSide)
            .filter(r -> !shown.contains(r.inputPath() + "\u0000" + r.runId()))
            .toList();
    List<Failure> failures =
        rows.stream()
            .filter(r -> Status.FAILED.value().equals(r.status()))
            .sorted(
                Comparator.comparing(
                        (ManifestRecord r) -> r.string("error_code"),
                        Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(ManifestRecord::inputPath))
            .limit(options.maxFailures())
            .map(
                r ->
                    new Failure(
                        r.string("error_code"), r.string("error"), r.inputPath(), r.runId()))
            .toList();
    ManifestSelection selection = selected.selection();
    List<RunRecord> records =
        selected.runRecords(conf).stream()
            .filter(
                r ->
                    selection.mode() != ManifestSelection.Mode.RUN
                        || r.runId().equals(selection.runId()))
            .toList();
    return new HtmlReport(
        selection.location(),
        selected.description(),
        stats,
        gallery(bestRows, thumbs, options),
        gallery(worstRows, thumbs, options),
        failures,
        records,
        options);
  }

  private static List<GalleryItem> gallery(
      List<ManifestRecord> rows, Thumbnails thumbs, Options options) {
    List<GalleryItem> out = new ArrayList<>();
    for (ManifestRecord r : rows) {
      String in = r.inputPath();
      out.add(
          new GalleryItem(
              r,
              thumbs.of(in),
              thumbs.of(r.string("output_path")),
              options.referenceFor() == null ? null : thumbs.of(options.referenceFor().apply(in))));
    }
    return out;
  }

  /** The page. */
  public String html() {
    return new HtmlPage(
            options.title() + " – " + selection,
            options.title(),
            "Manifest <code id=\"manifest\">"
                + Html.text(manifest)
                + "</code> · <span id=\"selection\">"
                + Html.text(selection)
                + "</span>")
        .section("summary", "Summary", this::summary)
        .section("stages", "Time per stage", this::stages)
        .section("quality", "PSNR and SSIM", this::quality)
        .section("gallery", "Best and worst by PSNR", this::gallery)
        .section("failures", "Failures", this::failures)
        .section("runs", "Runs", this::runs)
        .section("records", "Run records", this::records)
        .html(
            "Generated "
                + TIME.format(generated)
                + " by gpen-spark "
                + io.gpenspark.job.RestoreJob.VERSION
                + ".");
  }

  private void card(StringBuilder sb, String cls, String id, String value, String label) {
    sb.append("<div class=\"card ")
        .append(cls)
        .append("\"><div class=\"v\" id=\"")
        .append(id)
        .append("\">")
        .append(Html.text(value))
        .append("</div><div class=\"k\">")
        .append(Html.text(label))
        .append("</div></div>");
  }

  private void summary(StringBuilder sb) {
    sb.append("<div class=\"cards\">");
    card(sb, "", "inputs", Long.toString(stats.rows()), "inputs (rows)");
    Map<String, Long> statuses = new LinkedHashMap<>();
    for (Status s : Status.values()) {
      if (s != Status.SKIPPED) { // written by older runs only: a card where rows have it
        statuses.put(s.value(), stats.count(s.value()));
      }
    }
    stats.byStatus().forEach(statuses::putIfAbsent);
    statuses.forEach(
        (s, n) -> card(sb, "st-" + Html.text(s), "count-" + Html.text(s), Long.toString(n), s));
    card(sb, "", "faces", Long.toString(stats.faces()), "faces");
    card(
        sb,
        "",
        "processing-images-per-second",
        Html.num(stats.processingImagesPerSecond(), 2),
        "processing images/s");
    card(sb, "", "total-time", Html.seconds(stats.seconds()), "processing time");
    sb.append("</div>\n<table class=\"kv\">");
    row(sb, "runs", Integer.toString(stats.runs().size()));
    row(sb, "config hash", String.join(", ", stats.configHashes()));
    row(sb, "model", String.join(", ", stats.modelIds()));
    row(sb, "job version", String.join(", ", stats.jobVersions()));
    sb.append(
            "</table><p class=\"scope\">Processing time: for each run, from its first image's start to its last image's end")
        .append(
            " (from the manifest's processed_at and stage times; listing and Spark start-up not included), summed over runs.")
        .append(
            " Processing images/s is rows over that time; the job's summary line also gives wall-clock images/s")
        .append(" (inputs over the whole run: start-up, listing and the commit included).</p>");
  }

  private static void row(StringBuilder sb, String k, String v) {
    sb.append("<tr><th>")
        .append(Html.text(k))
        .append("</th><td>")
        .append(Html.text(v))
        .append("</td></tr>");
  }

  private void stages(StringBuilder sb) {
    double total = stats.stageMsSum();
    List<Map.Entry<String, Double>> parts = new ArrayList<>(stats.stageMsTotal().entrySet());
    sb.append(Svg.stackedBar("stage-chart", parts));
    sb.append(
        "<table id=\"stage-table\"><tr><th>stage</th><th>total</th><th>share</th><th>mean per image</th></tr>");
    for (Map.Entry<String, Double> e : parts) {
      sb.append("<tr><td>")
          .append(Html.text(e.getKey()))
          .append("</td><td class=\"n\" id=\"ms-")
          .append(Html.text(e.getKey()))
          .append("\">")
          .append(Html.seconds(e.getValue() / 1000))
          .append("</td><td class=\"n\">")
          .append(Html.num(total > 0 ? 100 * e.getValue() / total : 0, 1))
          .append(" %</td><td class=\"n\">")
          .append(Html.num(stats.rows() > 0 ? e.getValue() / stats.rows() : 0, 1))
          .append(" ms</td></tr>");
    }
    sb.append("<tr><th>all stages</th><th class=\"n\">")
        .append(Html.seconds(total / 1000))
        .append("</th><th></th><th class=\"n\">")
        .append(Html.num(stats.rows() > 0 ? total / stats.rows() : 0, 1))
        .append(" ms</th></tr></table>")
        .append(
            "<p class=\"scope\">Stage times are summed over images (the ms_* columns); images run in parallel tasks, so the sum exceeds the wall time.</p>");
  }

  private void quality(StringBuilder sb) {
    if (stats.metrics().isEmpty()) {
      sb.append(
          "<p>No row has quality metrics (metrics.enabled=false, or no image was written).</p>");
      return;
    }
    sb.append(
            "<table id=\"quality-table\"><tr><th>metric</th><th>reference</th><th>images</th><th>mean</th><th>median</th>")
        .append("<th>min</th><th>max</th><th>identical (PSNR ∞)</th></tr>");
    for (ManifestStats.MetricSummary m : stats.metrics()) {
      int d = m.metric().equals("ssim") ? 4 : 2;
      String id = m.metric() + "-" + Html.text(m.reference());
      sb.append("<tr><td>")
          .append(m.metric().toUpperCase())
          .append("</td><td>")
          .append(Html.text(m.reference()))
          .append("</td><td class=\"n\" id=\"")
          .append(id)
          .append("-count\">")
          .append(m.count())
          .append("</td><td class=\"n\" id=\"")
          .append(id)
          .append("-mean\">")
          .append(Html.num(m.mean(), d))
          .append("</td><td class=\"n\">")
          .append(Html.num(m.median(), d))
          .append("</td><td class=\"n\">")
          .append(Html.num(m.min(), d))
          .append("</td><td class=\"n\">")
          .append(Html.num(m.max(), d))
          .append("</td><td class=\"n\">")
          .append(m.infinite())
          .append("</td></tr>");
    }
    sb.append("</table><div class=\"charts\">");
    for (String metric : ManifestStats.METRICS) {
      List<ManifestStats.MetricSummary> ms = stats.metric(metric);
      if (ms.isEmpty() || ms.stream().allMatch(m -> m.histogram().total() == 0)) {
        continue;
      }
      Map<String, long[]> series = new LinkedHashMap<>();
      ms.forEach(m -> series.put(m.reference(), m.histogram().counts()));
      ManifestStats.Histogram h = ms.get(0).histogram();
      sb.append(
          Svg.histogram(
              "hist-" + metric,
              metric.toUpperCase() + " by metric reference",
              metric.equals("psnr") ? "dB" : "SSIM",
              h.lo(),
              h.hi(),
              series,
              metric.equals("psnr") ? 1 : 3));
    }
    sb.append(
            "</div><p class=\"scope\">reference <i>input</i>: output against the decoded, normalised input")
        .append(
            " (how much the job changed the photo); <i>ground_truth</i>: against metrics.reference (restoration quality).</p>");
  }

  private void gallery(StringBuilder sb) {
    if (best.isEmpty() && worst.isEmpty()) {
      sb.append("<p>No written image with a PSNR.</p>");
      return;
    }
    figures(
        sb,
        "best",
        worst.isEmpty() ? "All " + best.size() + ", best first" : "Best " + best.size(),
        best);
    if (!worst.isEmpty()) {
      figures(sb, "worst", "Worst " + worst.size(), worst);
    }
  }

  private void figures(StringBuilder sb, String id, String heading, List<GalleryItem> items) {
    sb.append("<h3>")
        .append(Html.text(heading))
        .append("</h3><div class=\"gallery\" id=\"gallery-")
        .append(id)
        .append("\">");
    for (GalleryItem g : items) {
      ManifestRecord r = g.row();
      sb.append("<figure><div class=\"pair\">");
      image(sb, g.input(), "before (input)");
      image(sb, g.output(), "after (output)");
      if (g.reference() != null) {
        image(sb, g.reference(), "ground truth");
      }
      Double psnr = r.number("psnr");
      Double ssim = r.number("ssim");
      sb.append("</div><figcaption><b>PSNR ")
          .append(Html.num(psnr, 2))
          .append(" dB · SSIM ")
          .append(Html.num(ssim, 4))
          .append("</b> vs ")
          .append(Html.text(r.string("metric_reference")))
          .append(" · ")
          .append(Html.text(r.status()))
          .append(", ")
          .append(Html.text(r.faces()))
          .append(" faces<br><span class=\"path\">")
          .append(Html.text(r.inputPath()))
          .append("</span></figcaption></figure>");
    }
    sb.append("</div>");
  }

  private static void image(StringBuilder sb, Thumbnails.Thumbnail t, String label) {
    sb.append("<div>");
    if (t.ok()) {
      sb.append("<img src=\"")
          .append(t.dataUri())
          .append("\" alt=\"")
          .append(Html.text(label))
          .append("\">")
          .append(Html.text(label))
          .append(" ")
          .append(t.width())
          .append("×")
          .append(t.height());
    } else {
      sb.append("<div class=\"missing\">")
          .append(Html.text(label))
          .append(": not shown (")
          .append(Html.text(t.problem()))
          .append(")</div>");
    }
    sb.append("</div>");
  }

  private void failures(StringBuilder sb) {
    long failed = stats.count(Status.FAILED.value());
    if (failed == 0) {
      sb.append("<p>No failed image.</p>");
      return;
    }
    sb.append("<table id=\"error-codes\"><tr><th>error_code</th><th>images</th></tr>");
    stats
        .byErrorCode()
        .forEach(
            (code, n) ->
                sb.append("<tr><td>")
                    .append(Html.text(code))
                    .append("</td><td class=\"n\" id=\"error-")
                    .append(Html.text(code))
                    .append("\">")
                    .append(n)
                    .append("</td></tr>"));
    sb.append("</table>");
    if (failures.size() < failed) {
      sb.append("<p>The first ")
          .append(failures.size())
          .append(" of ")
          .append(failed)
          .append(" failures:</p>");
    }
    sb.append(
        "<table id=\"failure-table\"><tr><th>error_code</th><th>error</th><th>input path</th><th>run</th></tr>");
    for (Failure f : failures) {
      sb.append("<tr><td>")
          .append(Html.text(f.errorCode()))
          .append("</td><td class=\"err\">")
          .append(Html.text(f.error()))
          .append("</td><td class=\"path\">")
          .append(Html.text(f.inputPath()))
          .append("</td><td>")
          .append(Html.text(f.runId()))
          .append("</td></tr>");
    }
    sb.append("</table>");
  }

  private void runs(StringBuilder sb) {
    sb.append("<table id=\"run-table\"><tr><th>run</th><th>rows</th><th>faces</th>")
        .append(
            "<th>first image started</th><th>last image ended</th><th>span</th><th>processing images/s</th></tr>");
    for (ManifestStats.RunSpan r : stats.runs()) {
      sb.append("<tr><td>")
          .append(Html.text(r.runId()))
          .append("</td><td class=\"n\">")
          .append(r.rows())
          .append("</td><td class=\"n\">")
          .append(r.faces())
          .append("</td><td>")
          .append(TIME.format(r.start()))
          .append("</td><td>")
          .append(TIME.format(r.end()))
          .append("</td><td class=\"n\">")
          .append(Html.seconds(r.seconds()))
          .append("</td><td class=\"n\">")
          .append(Html.num(r.seconds() > 0 ? r.rows() / r.seconds() : 0, 2))
          .append("</td></tr>");
    }
    sb.append("</table>");
  }

  private void records(StringBuilder sb) {
    if (records.isEmpty()) {
      sb.append(
              "<p>No run record beside the manifest (<code>&lt;output&gt;/_runs/</code>: written by every run since")
          .append(" gpen-spark wrote them, where the manifest is the default one).</p>");
      return;
    }
    List<RunRecord> shown =
        records.subList(Math.max(0, records.size() - MAX_RECORDS), records.size());
    if (shown.size() < records.size()) {
      sb.append("<p>The latest ")
          .append(shown.size())
          .append(" of ")
          .append(records.size())
          .append(" run records:</p>");
    }
    sb.append("<table id=\"record-table\"><tr><th>run</th><th>outcome</th><th>mode</th>")
        .append("<th>started</th><th>wall clock</th><th>inputs</th><th>processed</th>")
        .append("<th>unchanged</th><th>remaining</th><th>failed</th><th>error</th></tr>");
    for (int i = shown.size() - 1; i >= 0; i--) {
      RunRecord r = shown.get(i);
      String mode = r.mode() + (r.retryFailed() ? " retry-failed" : "");
      sb.append("<tr id=\"record-")
          .append(Html.text(r.runId()))
          .append("\"><td>")
          .append(Html.text(r.runId()))
          .append("</td><td class=\"outcome\">")
          .append(Html.text(r.outcome()))
          .append("</td><td>")
          .append(Html.text(mode))
          .append("</td><td>")
          .append(r.startedAt() == null ? "" : TIME.format(r.startedAt()))
          .append("</td><td class=\"n\">")
          .append(Html.seconds(r.seconds()));
      for (long n :
          new long[] {
            r.inputs(), r.processed(), r.unchanged(), r.remaining(), r.count(Status.FAILED.value())
          }) {
        sb.append("</td><td class=\"n\">").append(n);
      }
      sb.append("</td><td class=\"err\">").append(Html.text(r.error())).append("</td></tr>");
    }
    sb.append(
            "</table><p class=\"scope\">From <code>&lt;output&gt;/_runs/&lt;run id&gt;.json</code>,")
        .append(
            " newest first: inputs listed = processed + unchanged (left alone) + remaining (left")
        .append(
            " for a later run by job.max-images or job.deadline). A run with nothing to do has a")
        .append(" record and no manifest rows.</p>");
  }
}
