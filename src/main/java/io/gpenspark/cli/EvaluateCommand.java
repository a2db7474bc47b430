package io.gpenspark.cli;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.evaluate.Evaluation;
import io.gpenspark.evaluate.EvaluationTable;
import io.gpenspark.evaluate.Variant;
import io.gpenspark.job.JobSpark;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code gpen-spark evaluate}: the restore job over a degraded set, once per configuration, scored
 * against the originals.
 */
final class EvaluateCommand implements Command {
  static final String USAGE =
      String.join(
          "\n",
          "usage: gpen-spark evaluate --hq URI --lq URI --output URI --config NAME=SPEC [--config NAME=SPEC]...",
          "                           [--conf FILE] [--set key=value]... [--no-baseline] [--per-image N] [--gallery N]",
          "  Runs the restore job over the degraded photos (--lq, e.g. made by gpen-spark degrade) once per",
          "  configuration, with metrics.reference = --hq (the originals, at the same relative paths), and",
          "  prints PSNR/SSIM side by side: mean and median per configuration, per image for small sets.",
          "  Writes <output>/<NAME>/ (images and _manifest per configuration), <output>/evaluation.html,",
          "  <output>/evaluation.csv and <output>/report-<NAME>.html.",
          "  --config NAME=SPEC  repeatable (or --configs NAME=SPEC NAME=SPEC ...). SPEC is a HOCON file",
          "                      (e.g. pre-off=conf/pre-off.conf) or key=value[,key=value]... (e.g.",
          "                      post-off=postprocess.enabled=false; ffhq=restore.template=ffhq) or empty (defaults)",
          "  --conf FILE, --set key=value   settings under every configuration (model.path, detect.model, spark.*)",
          "  --no-baseline       leave out the 'degraded' row (the degraded input itself, every step off)",
          "  --per-image N       per-image table when there are at most N images (default 20)",
          "  --gallery N         best/worst N images in each configuration's report (default 4)",
          "  Precedence: reference.conf < --conf < --set < the configuration's file < its key=values.");

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "compare configurations on degraded photos against their originals (PSNR/SSIM A/B table)";
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
                "--hq",
                "--lq",
                "--output",
                "--config",
                "--conf",
                "--set",
                "--per-image",
                "--gallery"),
            Set.of("--no-baseline"),
            Set.of("--configs"));
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    if (!a.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + a.positional().get(0) + "'");
    }
    List<Variant> variants = new ArrayList<>();
    List<String> specs = new ArrayList<>(a.all("--config"));
    specs.addAll(a.all("--configs"));
    if (specs.isEmpty()) {
      throw new UsageException(
          "--config NAME=SPEC is needed (at least one, two without the baseline)");
    }
    for (String spec : specs) {
      variants.add(Variant.parse(spec));
    }
    File conf = a.has("--conf") ? new File(a.get("--conf")) : null;
    if (conf != null && !conf.isFile()) {
      throw new InvalidConfigException("configuration file not found: " + conf);
    }
    Map<String, String> sets = a.settings("--set");
    Map<String, String> sparkSets = new LinkedHashMap<>();
    sets.forEach(
        (k, v) -> {
          if (k.startsWith("spark.")) {
            sparkSets.put(k, v);
          }
        });
    // spark.* from --conf and --set configure the one session every configuration runs in.
    Map<String, String> spark = io.gpenspark.config.JobConfig.load(conf, sparkSets).sparkSettings();
    Evaluation.Setup setup =
        new Evaluation.Setup(
            a.required("--hq"),
            a.required("--lq"),
            a.required("--output"),
            conf,
            sets,
            variants,
            !a.has("--no-baseline"),
            a.intValue("--per-image", 20, 0, 100_000),
            a.intValue("--gallery", 4, 0, 100));
    try (JobSpark cli = JobSpark.open("gpen-spark evaluate", spark, true)) {
      Evaluation.Outcome o = Evaluation.run(cli.spark(), setup, err);
      out.print(EvaluationTable.render(o));
      out.println(
          "report "
              + o.html()
              + " (per configuration: report-<name>.html beside it), table "
              + o.csv());
    }
    return 0;
  }
}
