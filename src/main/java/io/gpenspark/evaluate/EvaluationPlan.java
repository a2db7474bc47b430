package io.gpenspark.evaluate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.job.RestoreJob;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What an evaluation runs: the ground truth, degraded set and output as qualified URIs and, the
 * baseline first, each named configuration with the job settings composed for it. Every
 * configuration is composed and checked here, before any runs.
 */
public record EvaluationPlan(
    Evaluation.Setup setup, String hq, String lq, String output, List<Step> steps) {
  /** The baseline's name: the degraded input itself. */
  public static final String BASELINE = "degraded";

  /** One configuration and the job settings it runs with. */
  public record Step(Variant variant, JobConfig config) {}

  public static EvaluationPlan of(Evaluation.Setup setup, Configuration hadoop) {
    if (setup.variants().size() + (setup.baseline() ? 1 : 0) < 2) {
      throw new InvalidConfigException(
          "evaluate needs at least two configurations to compare (or one and the baseline)");
    }
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
      throw new InvalidConfigException(
          "configuration names must be distinct (" + BASELINE + " is the baseline's): " + names);
    }
    List<Step> steps = new ArrayList<>();
    for (Variant v : variants) {
      steps.add(new Step(v, jobConfig(setup, v, hq, lq, output)));
    }
    return new EvaluationPlan(setup, hq, lq, output, List.copyOf(steps));
  }

  /**
   * Whether this is the run of the degraded input with every step off (not a user's configuration).
   */
  public boolean isBaseline(Variant v) {
    return setup.baseline() && v.name().equals(BASELINE);
  }

  /** An input path of the degraded set as the path under it (the image's name in every table). */
  public String relative(String inputPath) {
    String r = lq.endsWith("/") ? lq : lq + "/";
    return inputPath.startsWith(r)
        ? inputPath.substring(r.length())
        : inputPath.substring(inputPath.lastIndexOf('/') + 1);
  }

  /** The original of a degraded input: the same relative path under the ground truth. */
  public String groundTruth(String inputPath) {
    return hq + "/" + relative(inputPath);
  }

  /**
   * The baseline: the degraded input written back unchanged (PNG), measured against the ground
   * truth.
   */
  static Map<String, String> baselineSets() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("preprocess.enabled", "false");
    m.put("restore.enabled", "false");
    m.put("postprocess.enabled", "false");
    m.put("output.format", "png");
    return m;
  }

  /**
   * reference.conf < common file < common sets < the variant's file < its sets <
   * input/output/reference.
   */
  static JobConfig jobConfig(
      Evaluation.Setup setup, Variant v, String hq, String lq, String output) {
    // The evaluation protocol compares at the standard size unless a configuration says otherwise.
    RestoreJob job =
        RestoreJob.of(null)
            .conf(setup.commonConf())
            .set("output.resolution", "standard")
            .setAll(setup.commonSets());
    if (v.file() != null) {
      job.setAll(flatten(v.file()));
    }
    job.setAll(v.sets())
        .input(lq)
        .output(output + "/" + v.name())
        .manifest(output + "/" + v.name() + "/_manifest")
        .set("metrics.enabled", "true")
        .metricsReference(hq);
    try {
      return job.config();
    } catch (InvalidConfigException e) {
      throw new InvalidConfigException("configuration " + v.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * A HOCON file as key → HOCON value text (nulls included), so it can sit between other overrides.
   */
  static Map<String, String> flatten(File f) {
    Config c;
    try {
      c =
          ConfigFactory.parseFile(
                  f,
                  ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false))
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
        throw new InvalidConfigException(
            "configuration file "
                + f
                + " sets "
                + key
                + ": Spark settings apply to the"
                + " whole evaluation, give them with --set or --conf");
      }
      if (e.getValue() instanceof ConfigObject o && !o.isEmpty()) {
        flatten(o, key + ".", out, f);
      } else {
        out.put(key, e.getValue().render(ConfigRenderOptions.concise()));
      }
    }
  }

  private static String qualified(String uri, Configuration hadoop) {
    String q = ImageStorage.qualified(uri, hadoop);
    return q.endsWith("/") && q.length() > 1 ? q.substring(0, q.length() - 1) : q;
  }

  private static void mustExist(String uri, String flag, Configuration hadoop) {
    Path p = new Path(uri);
    try {
      if (!p.getFileSystem(hadoop).exists(p)) {
        throw new InvalidConfigException(flag + " not found: " + uri);
      }
    } catch (IOException e) {
      throw new InvalidConfigException(
          "cannot read " + flag + " " + uri + ": " + e.getMessage(), e);
    }
  }
}
