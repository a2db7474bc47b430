package io.gpenspark.cli;

import io.gpenspark.evaluate.DegradationSettings;
import io.gpenspark.evaluate.Degrader;
import io.gpenspark.job.JobSpark;
import java.io.PrintStream;
import java.util.Set;

/**
 * {@code gpen-spark degrade}: synthetic low-quality copies of high-quality photos, for evaluate.
 */
final class DegradeCommand implements Command {
  static final String USAGE =
      String.join(
          "\n",
          "usage: gpen-spark degrade --input URI --output URI [--seed N] [--blur-sigma LO:HI] [--downsample LO:HI]",
          "                          [--noise LO:HI] [--jpeg-quality LO:HI] [--kernel-size K] [--aniso-prob P] [--set spark.k=v]...",
          "  Writes a degraded copy of every photo under --input at the same relative path under --output:",
          "  Gaussian blur (K×K kernel, isotropic or anisotropic) → downsample by a factor → Gaussian noise",
          "  → JPEG → back to the original size (the blind face restoration degradation of GFPGAN's training).",
          "  Each parameter is drawn uniformly from its range, per image, from --seed and the relative path:",
          "  the same seed gives the same images. Parameters per image: <output>/"
              + Degrader.PARAMS,
          "  --seed N           default 0",
          "  --blur-sigma LO:HI default 0.1:10 (pixels)      --kernel-size K   default 41",
          "  --aniso-prob P     default 0.5 (probability of an anisotropic kernel, rotated at random)",
          "  --downsample LO:HI default 0.8:8                --noise LO:HI     default 0:20 (σ in grey levels)",
          "  --jpeg-quality LO:HI default 60:100",
          "  --set spark.k=v    a Spark setting (e.g. S3 endpoint), repeatable");

  @Override
  public String name() {
    return "degrade";
  }

  @Override
  public String summary() {
    return "write synthetic low-quality copies of high-quality photos (blur, downsample, noise, JPEG)";
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
                "--input",
                "--output",
                "--seed",
                "--blur-sigma",
                "--downsample",
                "--noise",
                "--jpeg-quality",
                "--kernel-size",
                "--aniso-prob",
                "--set"),
            Set.of(),
            Set.of());
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    a.noPositional();
    String input = a.required("--input");
    String output = a.required("--output");
    long seed = a.longValue("--seed", 0);
    DegradationSettings settings = settings(a);
    try (JobSpark cli = JobSpark.open("gpen-spark degrade", a.sparkSettings("--set"), false)) {
      Degrader.Result r = Degrader.run(cli.spark(), input, output, seed, settings);
      out.println(
          "gpen-spark degrade: "
              + r.written()
              + " images degraded (seed "
              + seed
              + ")"
              + (r.failed() > 0 ? ", " + r.failed() + " could not be read" : "")
              + "; parameters "
              + r.paramsUri());
      return r.written() == 0 && r.failed() > 0 ? 1 : 0;
    }
  }

  static DegradationSettings settings(Args a) {
    DegradationSettings d = DegradationSettings.gfpgan();
    try {
      DegradationSettings.Range jpeg =
          range(a, "--jpeg-quality", new DegradationSettings.Range(d.jpegMin(), d.jpegMax()));
      if (jpeg.lo() != Math.rint(jpeg.lo()) || jpeg.hi() != Math.rint(jpeg.hi())) {
        throw new UsageException(
            "--jpeg-quality needs whole numbers, got " + a.get("--jpeg-quality"));
      }
      String aniso = a.get("--aniso-prob");
      return new DegradationSettings(
          range(a, "--blur-sigma", d.blurSigma()),
          range(a, "--downsample", d.downsample()),
          range(a, "--noise", d.noiseSigma()),
          (int) jpeg.lo(),
          (int) jpeg.hi(),
          a.intValue("--kernel-size", d.kernelSize(), 3, 201),
          aniso == null ? d.anisoProbability() : Double.parseDouble(aniso));
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw new UsageException(e.getMessage());
    }
  }

  private static DegradationSettings.Range range(
      Args a, String flag, DegradationSettings.Range dflt) {
    String v = a.get(flag);
    if (v == null) {
      return dflt;
    }
    DegradationSettings.Range r = DegradationSettings.Range.parse(v);
    if (r == null) {
      throw new UsageException(flag + " must be LO:HI, got '" + v + "'");
    }
    return r;
  }
}
