package io.gpenspark.cli;

import io.gpenspark.job.JobSpark;
import io.gpenspark.job.RunRecord;
import io.gpenspark.job.StorageDefaults;
import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.report.Html;
import io.gpenspark.report.ManifestExport;
import io.gpenspark.report.ManifestSelection;
import io.gpenspark.report.ManifestStats;
import io.gpenspark.report.TextTable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code gpen-spark manifest runs|show|stats|export}: look into any manifest URI, without starting
 * Spark, or into a manifest table through a local session.
 */
final class ManifestCommand implements Command {
  static final String USAGE =
      String.join(
          "\n",
          "usage: gpen-spark manifest runs|show|stats|export (--manifest URI | --manifest-table NAME)",
          "                           [--current | --all | --run ID | --latest]",
          "                           [--format table|csv|jsonl] [--output FILE_OR_URI] [--limit N] [--set spark.k=v]...",
          "  runs        one line per run: rows, statuses, faces, processing span; from its run record",
          "              (<output>/_runs/, beside the manifest) outcome, inputs, unchanged, remaining,",
          "              and the runs that had nothing to do",
          "  show        the rows (a table of the main columns, or all columns with --format csv|jsonl); --limit N (default 20)",
          "  stats       counts per status and error_code, faces, PSNR/SSIM mean and median per metric reference,",
          "              time per stage, processing time",
          "  export      every column of every selected row as CSV (default) or JSON Lines, to --output or stdout",
          "  --manifest URI   the Parquet manifest (e.g. <output>/_manifest; any Hadoop FS URI)",
          "  --manifest-table NAME  a manifest table (manifest.table), read through a local Spark session",
          "                   with the catalog's --set spark.sql.catalog.* settings; run records from its runs table",
          "  --current        the current row per input across runs (its latest row; old skipped rows aside): the default,",
          "                   as for the report (runs: every run)",
          "  --all            every row of every run;  --run ID  one run's rows;  --latest  the latest run's rows",
          "  --set spark.k=v  a Spark setting: storage (spark.hadoop.fs.s3a.endpoint=...), a catalog; repeatable");

  @Override
  public String name() {
    return "manifest";
  }

  @Override
  public String summary() {
    return "runs, show, stats or export (CSV/JSONL) the rows of a manifest";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  /**
   * --manifest URI or --manifest-table NAME, with --current / --all / --run / --latest; shared with
   * the report command.
   */
  static ManifestSelection selection(Args a, ManifestSelection.Mode dflt) {
    if (a.has("--manifest") == a.has("--manifest-table")) {
      throw new UsageException("give one of --manifest URI or --manifest-table NAME");
    }
    int given =
        (a.has("--current") ? 1 : 0)
            + (a.has("--all") ? 1 : 0)
            + (a.has("--run") ? 1 : 0)
            + (a.has("--latest") ? 1 : 0);
    if (given > 1) {
      throw new UsageException("give at most one of --current, --all, --run ID, --latest");
    }
    ManifestSelection.Mode mode =
        a.has("--all")
            ? ManifestSelection.Mode.ALL
            : a.has("--run")
                ? ManifestSelection.Mode.RUN
                : a.has("--latest")
                    ? ManifestSelection.Mode.LATEST
                    : a.has("--current") ? ManifestSelection.Mode.CURRENT : dflt;
    boolean table = a.has("--manifest-table");
    return new ManifestSelection(
        a.required(table ? "--manifest-table" : "--manifest"),
        table,
        mode,
        mode == ManifestSelection.Mode.RUN ? a.required("--run") : null);
  }

  /**
   * The selected rows: a folder read directly, a table through a local Spark session that has
   * --set's spark.* settings (the catalog's spark.sql.catalog.* among them).
   */
  static ManifestSelection.Selected select(
      Args a, ManifestSelection selection, Configuration conf) {
    if (!selection.table()) {
      return selection.select(conf);
    }
    try (JobSpark session = JobSpark.open("gpen-spark manifest", a.sparkSettings("--set"), false)) {
      return selection.select(session.spark());
    }
  }

  /**
   * The Hadoop configuration a Spark session would hand its readers: the job's storage defaults,
   * then spark.hadoop.* from system properties and --set, without the prefix.
   */
  static Configuration hadoop(Args a) {
    Map<String, String> settings = new LinkedHashMap<>(StorageDefaults.settings());
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("spark."))
        .forEach(k -> settings.put(k, System.getProperty(k)));
    settings.putAll(a.sparkSettings("--set"));
    Configuration conf = new Configuration();
    settings.forEach(
        (k, v) -> {
          if (k.startsWith("spark.hadoop.")) {
            conf.set(k.substring("spark.hadoop.".length()), v);
          }
        });
    return conf;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    Args a =
        Args.parse(
            args,
            Set.of(
                "--manifest",
                "--manifest-table",
                "--run",
                "--format",
                "--output",
                "--limit",
                "--set"),
            Set.of("--current", "--all", "--latest"),
            Set.of());
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    if (a.positional().size() != 1) {
      throw new UsageException(
          a.positional().isEmpty()
              ? "a subcommand is needed: runs, show, stats or export"
              : "one subcommand, got " + a.positional());
    }
    String sub = a.positional().get(0);
    if (!List.of("runs", "show", "stats", "export").contains(sub)) {
      throw new UsageException("unknown subcommand '" + sub + "': runs, show, stats or export");
    }
    // The same rows as the report by default: the current row per input (runs: every run's rows).
    ManifestSelection selection =
        selection(
            a, sub.equals("runs") ? ManifestSelection.Mode.ALL : ManifestSelection.Mode.CURRENT);
    String format =
        a.get("--format", sub.equals("export") ? "csv" : "table").toLowerCase(Locale.ROOT);
    if (!List.of("table", "csv", "jsonl").contains(format)
        || (sub.equals("export") && format.equals("table"))) {
      throw new UsageException(
          "--format must be "
              + (sub.equals("export") ? "csv or jsonl" : "table, csv or jsonl")
              + ", got '"
              + format
              + "'");
    }
    int limit = a.intValue("--limit", 20, 1, Integer.MAX_VALUE);
    Configuration conf = hadoop(a);
    ManifestSelection.Selected selected = select(a, selection, conf);
    switch (sub) {
      case "runs" -> runs(selected, conf, out);
      case "stats" -> stats(selected, out);
      case "show" -> {
        if (format.equals("table")) {
          show(selected, limit, out);
        } else {
          ManifestExport.write(
              ordered(selected).stream().limit(limit).toList(),
              ManifestExport.Format.parse(format),
              out);
          out.flush();
        }
      }
      default ->
          export(conf, selected, ManifestExport.Format.parse(format), a.get("--output"), out, err);
    }
    return 0;
  }

  private static List<ManifestRecord> ordered(ManifestSelection.Selected selected) {
    return selected.rows().stream().sorted(ManifestRecord.BY_RUN_AND_PATH).toList();
  }

  private static void export(
      Configuration conf,
      ManifestSelection.Selected selected,
      ManifestExport.Format format,
      String output,
      PrintStream out,
      PrintStream err)
      throws Exception {
    if (output == null) {
      ManifestExport.write(ordered(selected), format, out);
      out.flush();
      return;
    }
    Path p = new Path(output);
    FileSystem fs = p.getFileSystem(conf);
    long n;
    try (OutputStream o = fs.create(p, true)) {
      n = ManifestExport.write(ordered(selected), format, o);
    }
    err.println(
        "gpen-spark manifest: exported "
            + n
            + " rows ("
            + selected.description()
            + ") to "
            + output);
  }

  /**
   * One line per run of the selected rows, with what its run record adds (outcome, inputs listed,
   * unchanged, remaining); with every row selected, also the runs that wrote no row (nothing to do)
   * but left a record.
   */
  private static void runs(
      ManifestSelection.Selected selected, Configuration conf, PrintStream out) {
    ManifestStats stats = ManifestStats.of(selected.rows());
    Map<String, Map<String, Long>> perRun = new TreeMap<>();
    selected
        .rows()
        .forEach(
            r ->
                perRun
                    .computeIfAbsent(r.runId(), k -> new TreeMap<>())
                    .merge(r.status(), 1L, Long::sum));
    Map<String, RunRecord> records = new TreeMap<>();
    selected.runRecords(conf).forEach(r -> records.put(r.runId(), r));
    Map<String, ManifestStats.RunSpan> spans = new TreeMap<>();
    stats.runs().forEach(r -> spans.put(r.runId(), r));
    Set<String> ids = new TreeSet<>(spans.keySet());
    if (selected.selection().mode() == ManifestSelection.Mode.ALL) {
      ids.addAll(records.keySet());
    }
    List<String[]> table = new ArrayList<>();
    table.add(
        new String[] {
          "run",
          "outcome",
          "inputs",
          "rows",
          "statuses",
          "unchanged",
          "remaining",
          "faces",
          "started (UTC)",
          "span",
          "processing images/s"
        });
    for (String id : ids) {
      ManifestStats.RunSpan r = spans.get(id);
      RunRecord rec = records.get(id);
      table.add(
          new String[] {
            id,
            rec == null ? "" : rec.outcome(),
            rec == null ? "" : Long.toString(rec.inputs()),
            Long.toString(r == null ? 0 : r.rows()),
            join(perRun.getOrDefault(id, Map.of())),
            rec == null ? "" : Long.toString(rec.unchanged()),
            rec == null ? "" : Long.toString(rec.remaining()),
            Long.toString(r == null ? 0 : r.faces()),
            r != null ? r.start().toString() : String.valueOf(rec.startedAt()),
            r == null ? "" : Html.seconds(r.seconds()),
            r == null ? "" : Html.num(r.seconds() > 0 ? r.rows() / r.seconds() : 0, 2)
          });
    }
    out.print(TextTable.render(table));
  }

  private static void show(ManifestSelection.Selected selected, int limit, PrintStream out) {
    List<String[]> table = new ArrayList<>();
    table.add(
        new String[] {
          "run_id", "status", "faces", "psnr", "ssim", "reference", "error_code", "input_path"
        });
    for (ManifestRecord r : ordered(selected).stream().limit(limit).toList()) {
      table.add(
          new String[] {
            r.runId(),
            r.status(),
            String.valueOf(r.faces()),
            Html.num(r.number("psnr"), 2),
            Html.num(r.number("ssim"), 4),
            nonNull(r.string("metric_reference")),
            nonNull(r.string("error_code")),
            r.inputPath()
          });
    }
    out.print(TextTable.render(table));
    out.println(
        "("
            + (table.size() - 1)
            + " of "
            + selected.rows().size()
            + " rows: "
            + selected.description()
            + ")");
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  static void stats(ManifestSelection.Selected selected, PrintStream out) {
    ManifestStats s = ManifestStats.of(selected.rows());
    out.println(
        "manifest    " + selected.selection().location() + " (" + selected.description() + ")");
    out.println("inputs      " + s.rows());
    out.println("status      " + join(s.byStatus()));
    out.println("error_code  " + (s.byErrorCode().isEmpty() ? "none" : join(s.byErrorCode())));
    out.println("faces       " + s.faces());
    out.println(
        String.format(
            Locale.ROOT,
            "runs        %d (processing time %s, %.2f processing images/s)",
            s.runs().size(),
            Html.seconds(s.seconds()),
            s.processingImagesPerSecond()));
    for (ManifestStats.MetricSummary m : s.metrics()) {
      boolean psnr = m.metric().equals("psnr");
      int d = psnr ? 2 : 4;
      String unit = psnr ? " dB" : "";
      out.println(
          String.format(
              Locale.ROOT,
              "%-11s %s: %d images, mean %s%s, median %s%s (min %s, max %s)%s",
              m.metric().toUpperCase(Locale.ROOT),
              m.reference(),
              m.count(),
              Html.num(m.mean(), d),
              unit,
              Html.num(m.median(), d),
              unit,
              Html.num(m.min(), d),
              Html.num(m.max(), d),
              m.infinite() > 0 ? ", " + m.infinite() + " identical (∞)" : ""));
    }
    out.println(
        "stage time  "
            + s.stageMsTotal().entrySet().stream()
                .map(e -> e.getKey() + " " + Html.seconds(e.getValue() / 1000))
                .collect(Collectors.joining(", "))
            + " (total "
            + Html.seconds(s.stageMsSum() / 1000)
            + ", summed over images)");
    out.println(
        "config      "
            + String.join(", ", s.configHashes())
            + "; model "
            + String.join(", ", s.modelIds()));
  }

  private static String join(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
