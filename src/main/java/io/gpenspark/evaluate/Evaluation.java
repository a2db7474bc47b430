package io.gpenspark.evaluate;

import static org.apache.spark.sql.functions.col;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.config.JobConfig;
import io.gpenspark.job.RestoreJob;
import io.gpenspark.job.RestoreSummary;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.report.Html;
import io.gpenspark.report.HtmlReport;
import io.gpenspark.report.ManifestSelection;
import io.gpenspark.report.Thumbnails;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A/B evaluation of restoration settings on synthetic degradations: the real restore job runs
 * over the degraded set once per named configuration, with metrics.reference pointing at the
 * originals, and the PSNR/SSIM of each configuration are put side by side (mean and median per
 * configuration, per image when the set is small), next to the degraded input itself as the
 * baseline. Writes evaluation.html (self-contained), evaluation.csv and one report per
 * configuration under the output root; each configuration's images and manifest are under
 * {@code <output>/<name>/}.
 */
public final class Evaluation {
  public static final String BASELINE = "degraded";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** A named configuration: a HOCON file and/or key=value settings over the common ones. */
  public record Variant(String name, File file, Map<String, String> sets) {
    /**
     * {@code NAME=SPEC}, SPEC one of: a HOCON file (an existing file, or a name ending in .conf);
     * {@code key=value[,key=value]...} (commas inside [..], {..} or quotes do not split); empty
     * for the defaults.
     */
    public static Variant parse(String arg) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new InvalidConfigException("a configuration is NAME=FILE or NAME=key=value[,key=value...], got '" + arg + "'");
      }
      String name = arg.substring(0, eq).trim();
      String spec = arg.substring(eq + 1).trim();
      if (!NAME.matcher(name).matches()) {
        throw new InvalidConfigException("configuration name '" + name + "' must be letters, digits, '.', '_' or '-'"
            + " (it names a folder)");
      }
      if (spec.isEmpty()) {
        return new Variant(name, null, Map.of());
      }
      File f = new File(spec);
      if (f.isFile() || (!spec.contains("=") && spec.endsWith(".conf"))) {
        if (!f.isFile()) {
          throw new InvalidConfigException("configuration file not found: " + spec + " (for " + name + ")");
        }
        return new Variant(name, f, Map.of());
      }
      Map<String, String> sets = new LinkedHashMap<>();
      for (String kv : splitTopLevel(spec)) {
        int e = kv.indexOf('=');
        if (e <= 0) {
          throw new InvalidConfigException("configuration " + name + ": expected key=value, got '" + kv + "'");
        }
        sets.put(kv.substring(0, e).trim(), kv.substring(e + 1).trim());
      }
      return new Variant(name, null, sets);
    }

    /** What this variant sets, for the report. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (file != null) {
        parts.add(file.getPath());
      }
      sets.forEach((k, v) -> parts.add(k + "=" + v));
      return parts.isEmpty() ? "defaults" : String.join(", ", parts);
    }
  }

  static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    StringBuilder cur = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '[' || c == '{')) {
        depth++;
      } else if (!quoted && (c == ']' || c == '}')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(cur.toString().trim());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().trim());
    }
    return out;
  }

  /**
   * @param commonConf HOCON file under every configuration (null for none); commonSets over it
   * @param baseline also run the degraded input through the job with every step off
   * @param perImageMax per-image table and thumbnails when the set has at most this many images
   */
  public record Setup(String hq, String lq, String output, File commonConf, Map<String, String> commonSets,
      List<Variant> variants, boolean baseline, int perImageMax, int gallery) {}

  /** One image under one configuration. */
  public record Score(String status, Double psnr, Double ssim, int faces, Integer outWidth, Integer outHeight,
      String outputPath, String error) {
    boolean measured() {
      return psnr != null;
    }
  }

  /** One configuration's run. */
  public record Result(Variant variant, String configHash, RestoreSummary summary, String manifest,
      Map<String, Score> byImage) {
    public String name() {
      return variant.name();
    }

    private List<Double> finite(boolean psnr) {
      List<Double> v = new ArrayList<>();
      for (Score s : byImage.values()) {
        Double x = psnr ? s.psnr() : s.ssim();
        if (x != null && Double.isFinite(x)) {
          v.add(x);
        }
      }
      return v;
    }

    public long measured() {
      return byImage.values().stream().filter(Score::measured).count();
    }

    public long identical() {
      return byImage.values().stream().filter(s -> s.psnr() != null && s.psnr().isInfinite()).count();
    }

    public double meanPsnr() {
      return mean(finite(true));
    }

    public double medianPsnr() {
      return median(finite(true));
    }

    public double meanSsim() {
      return mean(finite(false));
    }

    public double medianSsim() {
      return median(finite(false));
    }

    /** The output size most images have ("mixed" otherwise). */
    public String outSize() {
      Map<String, Integer> sizes = new TreeMap<>();
      for (Score s : byImage.values()) {
        if (s.outWidth() != null) {
          sizes.merge(s.outWidth() + "×" + s.outHeight(), 1, Integer::sum);
        }
      }
      if (sizes.isEmpty()) {
        return "–";
      }
      return sizes.size() == 1 ? sizes.keySet().iterator().next() : "mixed";
    }
  }

  static double mean(List<Double> v) {
    return v.isEmpty() ? Double.NaN : v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  /** The evaluation: results in order (baseline first), images by relative path, files written. */
  public record Outcome(Setup setup, List<Result> results, List<String> images, String html, String csv) {
    public Result result(String name) {
      return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
  }

  private Evaluation() {}

  public static Outcome run(SparkSession spark, Setup setup, PrintStream progress) {
    if (setup.variants().size() + (setup.baseline() ? 1 : 0) < 2) {
      throw new InvalidConfigException("evaluate needs at least two configurations to compare (or one and the baseline)");
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String hq = qualified(setup.hq(), hadoop);
    String lq = qualified(setup.lq(), hadoop);
    String output = qualified(setup.output(), hadoop);
    mustExist(hq, "--hq", hadoop);
    mustExist(lq, "--lq", hadoop);
    List<Variant> variants = new ArrayList<>();
    if (setup.baseline()) {
      variants.add(new Variant(BASELINE, null, baselineSets()));
    }
    variants.addAll(setup.variants());
    List<String> names = variants.stream().map(Variant::name).toList();
    if (names.stream().distinct().count() != names.size()) {
      throw new InvalidConfigException("configuration names must be distinct (" + BASELINE
          + " is the baseline's): " + names);
    }
    // Every configuration is checked before any runs.
    Map<Variant, JobConfig> configs = new LinkedHashMap<>();
    for (Variant v : variants) {
      configs.put(v, jobConfig(setup, v, hq, lq, output));
    }
    List<Result> results = new ArrayList<>();
    TreeSet<String> images = new TreeSet<>();
    for (Map.Entry<Variant, JobConfig> e : configs.entrySet()) {
      Variant v = e.getKey();
      progress.println("gpen-spark evaluate: " + v.name() + " (" + v.describe() + ")");
      RestoreSummary s = RestoreJob.of(spark, e.getValue()).execute();
      progress.println("  " + s.line());
      Map<String, Score> byImage = scores(spark, s, lq);
      images.addAll(byImage.keySet());
      results.add(new Result(v, e.getValue().hash(), s, s.manifest(), byImage));
    }
    Outcome partial = new Outcome(setup, results, List.copyOf(images), output + "/evaluation.html",
        output + "/evaluation.csv");
    for (Result r : results) {
      HtmlReport report = HtmlReport.build(spark, ManifestSelection.run(r.manifest(), r.summary().runId()).select(spark),
          HtmlReport.Options.defaults().withTitle("gpen-spark evaluate: " + r.name()).withGallery(setup.gallery())
              .withReferenceFor(in -> hq + "/" + relative(in, lq)));
      HtmlReport.write(report.html(), output + "/" + reportName(r.name()), hadoop);
    }
    write(partial.csv(), csv(partial), hadoop);
    write(partial.html(), html(partial, hq, lq, new Thumbnails(hadoop, 200)), hadoop);
    return partial;
  }

  static String reportName(String config) {
    return "report-" + config + ".html";
  }

  /** The baseline: the degraded input written back unchanged (PNG), measured against the ground truth. */
  static Map<String, String> baselineSets() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("preprocess.enabled", "false");
    m.put("restore.enabled", "false");
    m.put("postprocess.enabled", "false");
    m.put("output.format", "png");
    return m;
  }

  /** reference.conf < common file < common sets < the variant's file < its sets < input/output/reference. */
  static JobConfig jobConfig(Setup setup, Variant v, String hq, String lq, String output) {
    Map<String, String> o = new LinkedHashMap<>(setup.commonSets());
    if (v.file() != null) {
      o.putAll(flatten(v.file()));
    }
    o.putAll(v.sets());
    o.put("input.uri", ConfigUtil.quoteString(lq));
    o.put("output.uri", ConfigUtil.quoteString(output + "/" + v.name()));
    o.put("manifest.uri", ConfigUtil.quoteString(output + "/" + v.name() + "/_manifest"));
    o.put("metrics.enabled", "true");
    o.put("metrics.reference", ConfigUtil.quoteString(hq));
    try {
      return JobConfig.load(setup.commonConf(), o);
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException("configuration " + v.name() + ": " + e.getMessage(), e);
    }
  }

  /** A HOCON file as key → HOCON value text (nulls included), so it can sit between other overrides. */
  static Map<String, String> flatten(File f) {
    Config c;
    try {
      c = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false))
          .resolve();
    } catch (ConfigException e) {
      throw new InvalidConfigException("cannot parse " + f + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    flatten(c.root(), "", out, f);
    return out;
  }

  private static void flatten(ConfigObject obj, String prefix, Map<String, String> out, File f) {
    for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
      String key = prefix + e.getKey();
      if (key.equals("spark") || key.startsWith("spark.")) {
        throw new InvalidConfigException("configuration file " + f + " sets " + key + ": Spark settings apply to the"
            + " whole evaluation, give them with --set or --conf");
      }
      if (e.getValue() instanceof ConfigObject o && !o.isEmpty()) {
        flatten(o, key + ".", out, f);
      } else {
        out.put(key, e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
  }

  private static Map<String, Score> scores(SparkSession spark, RestoreSummary s, String lq) {
    Map<String, Score> out = new TreeMap<>();
    for (Row r : spark.read().schema(ManifestSchema.SCHEMA).parquet(s.manifest())
        .where(col(ManifestSchema.RUN_ID).equalTo(s.runId()))
        .select(ManifestSchema.INPUT_PATH, ManifestSchema.STATUS, "psnr", "ssim", "faces", "out_width", "out_height",
            "output_path", "error")
        .collectAsList()) {
      out.put(relative(r.getString(0), lq), new Score(r.getString(1), (Double) r.get(2), (Double) r.get(3),
          r.getInt(4), (Integer) r.get(5), (Integer) r.get(6), r.getString(7), r.getString(8)));
    }
    return out;
  }

  static String relative(String inputPath, String root) {
    String r = root.endsWith("/") ? root : root + "/";
    return inputPath.startsWith(r) ? inputPath.substring(r.length()) : inputPath.substring(inputPath.lastIndexOf('/') + 1);
  }

  private static String qualified(String uri, Configuration hadoop) {
    Path p = new Path(uri);
    try {
      String q = p.getFileSystem(hadoop).makeQualified(p).toString();
      return q.endsWith("/") && q.length() > 1 ? q.substring(0, q.length() - 1) : q;
    } catch (IOException e) {
      throw new InvalidConfigException("cannot use " + uri + ": " + e.getMessage(), e);
    }
  }

  private static void mustExist(String uri, String flag, Configuration hadoop) {
    Path p = new Path(uri);
    try {
      if (!p.getFileSystem(hadoop).exists(p)) {
        throw new InvalidConfigException(flag + " not found: " + uri);
      }
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read " + flag + " " + uri + ": " + e.getMessage(), e);
    }
  }

  private static void write(String uri, String text, Configuration hadoop) {
    Path p = new Path(uri);
    try {
      FileSystem fs = p.getFileSystem(hadoop);
      try (OutputStream o = fs.create(p, true)) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + uri + ": " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Text table

  private static String fmt(double v, int d) {
    return Html.num(v, d);
  }

  private static String delta(double v, double base, int d) {
    if (Double.isNaN(v) || Double.isNaN(base)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%+." + d + "f", v - base);
  }

  /** The side-by-side table printed at the end (and the same numbers as evaluation.html). */
  public static String table(Outcome o) {
    StringBuilder sb = new StringBuilder();
    Result base = o.results().get(0);
    sb.append(String.format(Locale.ROOT, "evaluation of %d images: ground truth %s, degraded %s%n", o.images().size(),
        o.setup().hq(), o.setup().lq()));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"config", "images", "failed", "faces", "out size", "PSNR mean", "PSNR median", "SSIM mean",
        "SSIM median", "ΔPSNR", "ΔSSIM"});
    for (Result r : o.results()) {
      rows.add(new String[] {r.name(), Long.toString(r.byImage().size()), Long.toString(r.summary().count("failed")),
          Long.toString(r.summary().faces()), r.outSize(), fmt(r.meanPsnr(), 2), fmt(r.medianPsnr(), 2),
          fmt(r.meanSsim(), 4), fmt(r.medianSsim(), 4), r == base ? "" : delta(r.meanPsnr(), base.meanPsnr(), 2),
          r == base ? "" : delta(r.meanSsim(), base.meanSsim(), 4)});
    }
    align(rows, sb);
    sb.append(String.format("(means and medians over finite PSNR values; Δ against %s)%n", base.name()));
    for (Result r : o.results()) {
      if (r != base) {
        sb.append(String.format(Locale.ROOT, "%s → %s: PSNR %s → %s dB, SSIM %s → %s%n", base.name(), r.name(),
            fmt(base.meanPsnr(), 2), fmt(r.meanPsnr(), 2), fmt(base.meanSsim(), 4), fmt(r.meanSsim(), 4)));
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
        for (Result r : o.results()) {
          Score s = r.byImage().get(img);
          cells.add(s == null ? "–" : s.measured() ? fmt(s.psnr(), 2) + " / " + fmt(s.ssim(), 4) : s.status());
        }
        per.add(cells.toArray(String[]::new));
      }
      align(per, sb);
    }
    return sb.toString();
  }

  private static void align(List<String[]> rows, StringBuilder sb) {
    int[] w = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(String.format("%-" + w[i] + "s  ", r[i]));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Files

  static String csv(Outcome o) {
    StringBuilder sb = new StringBuilder("config,image,status,faces,psnr,ssim,out_width,out_height\r\n");
    for (Result r : o.results()) {
      r.byImage().forEach((img, s) -> sb.append(String.join(",", Arrays.asList(csvCell(r.name()), csvCell(img),
          s.status(), Integer.toString(s.faces()), num(s.psnr()), num(s.ssim()),
          s.outWidth() == null ? "" : s.outWidth().toString(), s.outHeight() == null ? "" : s.outHeight().toString())))
          .append("\r\n"));
    }
    return sb.toString();
  }

  private static String num(Double d) {
    return d == null ? "" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : Double.toString(d);
  }

  private static String csvCell(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  static String html(Outcome o, String hq, String lq, Thumbnails thumbs) {
    StringBuilder sb = new StringBuilder(64 * 1024);
    Result base = o.results().get(0);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
        .append("<title>gpen-spark evaluation</title><style>").append(HtmlReport.CSS).append("</style></head><body>\n")
        .append("<h1>gpen-spark evaluation</h1><p class=\"scope\">").append(o.images().size())
        .append(" images · ground truth <code>").append(Html.text(hq)).append("</code> · degraded <code>")
        .append(Html.text(lq)).append("</code></p>\n");
    sb.append("<section id=\"configs\"><h2>Configurations</h2><table><tr><th>config</th><th>settings</th><th>run</th>")
        .append("<th>config hash</th><th>report</th></tr>");
    for (Result r : o.results()) {
      sb.append("<tr><td>").append(Html.text(r.name())).append("</td><td>")
          .append(Html.text(r.name().equals(BASELINE) && o.setup().baseline() ? "the degraded input itself (every step off, PNG)"
              : r.variant().describe()))
          .append("</td><td>").append(Html.text(r.summary().runId())).append("</td><td>")
          .append(Html.text(r.configHash())).append("</td><td><a href=\"")
          .append(Html.text(reportName(r.name()))).append("\">").append(Html.text(reportName(r.name())))
          .append("</a></td></tr>");
    }
    sb.append("</table></section>\n<section id=\"ab\"><h2>PSNR and SSIM against the ground truth</h2>")
        .append("<table id=\"ab-table\"><tr><th>config</th><th>images</th><th>failed</th><th>faces</th><th>out size</th>")
        .append("<th>PSNR mean</th><th>PSNR median</th><th>SSIM mean</th><th>SSIM median</th><th>ΔPSNR</th><th>ΔSSIM</th></tr>");
    for (Result r : o.results()) {
      String id = Html.text(r.name());
      sb.append("<tr><td>").append(id).append("</td><td class=\"n\">").append(r.byImage().size())
          .append("</td><td class=\"n\">").append(r.summary().count("failed")).append("</td><td class=\"n\">")
          .append(r.summary().faces()).append("</td><td>").append(r.outSize())
          .append("</td><td class=\"n\" id=\"psnr-mean-").append(id).append("\">").append(fmt(r.meanPsnr(), 2))
          .append("</td><td class=\"n\">").append(fmt(r.medianPsnr(), 2))
          .append("</td><td class=\"n\" id=\"ssim-mean-").append(id).append("\">").append(fmt(r.meanSsim(), 4))
          .append("</td><td class=\"n\">").append(fmt(r.medianSsim(), 4)).append("</td><td class=\"n\">")
          .append(r == base ? "" : delta(r.meanPsnr(), base.meanPsnr(), 2)).append("</td><td class=\"n\">")
          .append(r == base ? "" : delta(r.meanSsim(), base.meanSsim(), 4)).append("</td></tr>");
    }
    sb.append("</table><p class=\"scope\">Means and medians over finite PSNR values; Δ against ")
        .append(Html.text(base.name())).append(". Outputs of another size than the ground truth are measured against")
        .append(" the ground truth resized to the output size (Lanczos-4).</p></section>\n");
    if (o.images().size() <= o.setup().perImageMax()) {
      boolean showInput = o.results().stream().noneMatch(r -> r.name().equals(BASELINE) && o.setup().baseline());
      sb.append("<section id=\"per-image\"><h2>Per image</h2><table id=\"per-image-table\"><tr><th>image</th><th>ground truth</th>");
      if (showInput) {
        sb.append("<th>degraded input</th>");
      }
      o.results().forEach(r -> sb.append("<th>").append(Html.text(r.name())).append("</th>"));
      sb.append("</tr>");
      for (String img : o.images()) {
        sb.append("<tr><td class=\"path\">").append(Html.text(img)).append("</td><td>");
        thumb(sb, thumbs.of(hq + "/" + img));
        sb.append("</td>");
        if (showInput) { // without the baseline, the degraded input is not among the outputs
          sb.append("<td>");
          thumb(sb, thumbs.of(lq + "/" + img));
          sb.append("</td>");
        }
        for (Result r : o.results()) {
          Score s = r.byImage().get(img);
          sb.append("<td>");
          if (s != null) {
            thumb(sb, thumbs.of(s.outputPath()));
            sb.append("<br>").append(s.measured() ? fmt(s.psnr(), 2) + " dB / " + fmt(s.ssim(), 4) : Html.text(s.status()
                + (s.error() == null ? "" : ": " + s.error())));
          }
          sb.append("</td>");
        }
        sb.append("</tr>");
      }
      sb.append("</table></section>\n");
    }
    sb.append("<footer>gpen-spark ").append(Html.text(RestoreJob.VERSION)).append("</footer></body></html>\n");
    return sb.toString();
  }

  private static void thumb(StringBuilder sb, Thumbnails.Thumbnail t) {
    if (t.ok()) {
      sb.append("<img src=\"").append(t.dataUri()).append("\" alt=\"\">");
    } else {
      sb.append("<span class=\"missing\">").append(Html.text(t.problem())).append("</span>");
    }
  }
}
