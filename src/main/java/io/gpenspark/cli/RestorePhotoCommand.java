package io.gpenspark.cli;

import io.gpenspark.config.ErrorLine;
import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.InputFile;
import io.gpenspark.pipeline.Photo;
import io.gpenspark.pipeline.PhotoPipeline;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * {@code gpen-spark restore-photo IN OUT}: one photo through the job's pipeline, without Spark — to
 * try settings on a few photos before a large run. Same configuration keys as restore.
 */
final class RestorePhotoCommand implements Command {
  static final String USAGE =
      String.join(
          "\n",
          "usage: gpen-spark restore-photo IN OUT [--conf FILE] [--set key=value]...",
          "  Restores one photo as the job would (same pipeline, same keys) and prints its faces, PSNR/SSIM",
          "  against the input and the time of each stage. No Spark: starts in seconds.",
          "  IN               the photo (local path or any Hadoop FS URI)",
          "  OUT              where to write the restored photo (its extension picks the format with output.format=same)",
          "  --conf FILE      HOCON file over the defaults (see conf/application.conf)",
          "  --set key=value  one setting (repeatable), e.g. --set preprocess.clahe.enabled=false");

  @Override
  public String name() {
    return "restore-photo";
  }

  @Override
  public String summary() {
    return "restore one photo without Spark, to try settings (prints faces, PSNR/SSIM, stage times)";
  }

  @Override
  public String usage() {
    return USAGE;
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    Args a = Args.parse(args, Set.of("--conf", "--set"), Set.of(), Set.of());
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    if (a.positional().size() != 2) {
      throw new UsageException("IN and OUT are needed, got " + a.positional());
    }
    JobConfig config =
        JobConfig.load(a.has("--conf") ? new File(a.get("--conf")) : null, a.settings("--set"));
    Configuration hadoop = new Configuration();
    InputFile in = input(a.positional().get(0), hadoop);
    String outPath = ImageStorage.qualified(a.positional().get(1), hadoop);
    OutputPaths paths =
        new OutputPaths(
            new Path(in.path()).getParent().toString(),
            new Path(outPath).getParent().toString(),
            OutputFormat.from(config.reader()));
    Map<String, Double> stages = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    try (PhotoPipeline pipeline =
        PhotoPipeline.builder(config).hadoop(hadoop).paths(paths).build()) {
      double loadS = (System.nanoTime() - t0) / 1e9;
      Photo photo =
          pipeline.process(in, outPath, (stage, ms) -> stages.merge(stage, ms, Double::sum));
      if (photo.failure().isPresent()) {
        err.println(
            "gpen-spark restore-photo: "
                + in.path()
                + ": "
                + photo.failure().get().code().code()
                + ": "
                + ErrorLine.first(photo.failure().get().getMessage()));
        return 1;
      }
      out.println(
          String.format(
              Locale.ROOT,
              "%s -> %s: %dx%d -> %dx%d, %d face%s%s",
              in.path(),
              outPath,
              photo.width(),
              photo.height(),
              photo.outWidth(),
              photo.outHeight(),
              photo.faces(),
              photo.faces() == 1 ? "" : "s",
              photo
                  .quality()
                  .map(
                      q ->
                          String.format(
                              Locale.ROOT,
                              ", PSNR %.2f dB, SSIM %.4f against the %s",
                              q.psnr(),
                              q.ssim(),
                              photo.metricReference().orElse("input").replace('_', ' ')))
                  .orElse("")));
      out.println(
          String.format(
              Locale.ROOT,
              "stages: %s ms (total %.0f ms; models loaded in %.1f s)",
              stages.entrySet().stream()
                  .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                  .collect(Collectors.joining(", ")),
              stages.values().stream().mapToDouble(Double::doubleValue).sum(),
              loadS));
      photo.note().ifPresent(n -> out.println("note: " + n));
    }
    return 0;
  }

  private static InputFile input(String uri, Configuration hadoop) {
    Path p = new Path(ImageStorage.qualified(uri, hadoop));
    try {
      FileStatus st = p.getFileSystem(hadoop).getFileStatus(p);
      return new InputFile(p.toString(), st.getLen(), st.getModificationTime());
    } catch (java.io.FileNotFoundException e) {
      throw new UsageException("no such photo: " + uri);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + uri + ": " + e.getMessage(), e);
    }
  }
}
