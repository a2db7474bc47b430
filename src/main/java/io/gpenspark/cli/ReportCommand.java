package io.gpenspark.cli;

import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.report.HtmlReport;
import io.gpenspark.report.ManifestSelection;
import java.io.PrintStream;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code gpen-spark report}: one self-contained HTML page about a run or the current state of a
 * manifest, without starting Spark (a manifest table: through a local session).
 */
final class ReportCommand implements Command {
  static final String USAGE =
      String.join(
          "\n",
          "usage: gpen-spark report (--manifest URI | --manifest-table NAME) --output FILE_OR_URI",
          "                         [--current | --all | --run ID | --latest]",
          "                         [--gallery N] [--thumbnail PX] [--max-failures N] [--title TEXT] [--set spark.k=v]...",
          "  Writes one static HTML file (everything inline: no network access needed to view it): summary,",
          "  time per stage, PSNR/SSIM histograms per metric reference, best and worst images by PSNR",
          "  (input and output thumbnails, read through Hadoop FS), failures.",
          "  --manifest URI     the Parquet manifest (e.g. <output>/_manifest; any Hadoop FS URI)",
          "  --manifest-table NAME  a manifest table (manifest.table), read through a local Spark session with",
          "                     the catalog's --set spark.sql.catalog.* settings (run records from its runs table)",
          "  --output URI       the HTML file to write (local path or any Hadoop FS URI)",
          "  --run ID           one run;  --latest  the latest run;  --all  every row;  default (--current): the current row per input",
          "  --gallery N        best and worst N images by PSNR (default 6; 0 for none)",
          "  --thumbnail PX     long edge of the thumbnails (default 256)",
          "  --max-failures N   failed rows listed at most (default 500)",
          "  --set spark.k=v    a Spark setting: storage (spark.hadoop.fs.s3a.endpoint=...), a catalog; repeatable");

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "write a self-contained HTML report of a run (or of the current row per input)";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    Args a =
        Args.parse(
            args,
            Set.of(
                "--manifest",
                "--manifest-table",
                "--output",
                "--run",
                "--gallery",
                "--thumbnail",
                "--max-failures",
                "--title",
                "--set"),
            Set.of("--current", "--all", "--latest"),
            Set.of());
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    a.noPositional();
    ManifestSelection selection = ManifestCommand.selection(a, ManifestSelection.Mode.CURRENT);
    String output = a.required("--output");
    HtmlReport.Options defaults = HtmlReport.Options.defaults();
    HtmlReport.Options options =
        new HtmlReport.Options(
            a.get("--title", defaults.title()),
            a.intValue("--gallery", defaults.galleryPerSide(), 0, 500),
            a.intValue("--thumbnail", defaults.thumbnailEdge(), 16, 4096),
            a.intValue("--max-failures", defaults.maxFailures(), 0, 1_000_000),
            defaults.bins(),
            null);
    Configuration conf = ManifestCommand.hadoop(a);
    HtmlReport report = HtmlReport.build(conf, ManifestCommand.select(a, selection, conf), options);
    ImageStorage.writeText(output, report.html(), conf);
    out.println(
        "gpen-spark report: "
            + report.stats().rows()
            + " inputs "
            + report.stats().byStatus()
            + " -> "
            + output);
    return 0;
  }
}
