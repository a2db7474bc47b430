package io.gpenspark.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.imageio.ImageDecoder;
import io.gpenspark.imageio.ImageStorage;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.ImagePathFilter;
import io.gpenspark.listing.InputFile;
import io.gpenspark.listing.InputLister;
import io.gpenspark.listing.SerializableConfiguration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Writes synthetic low-quality versions of a folder of high-quality photos, at the same relative
 * paths (so the originals can be the ground truth of {@code metrics.reference}), and the parameters
 * of each image as JSON Lines in {@code <output>/_degradation/params.jsonl} (the underscore keeps
 * it out of any listing of the output as input). Spark spreads the images over the executors; only
 * the parameter lines come back to the driver.
 */
public final class Degrader {
  public static final String PARAMS = "_degradation/params.jsonl";
  static final List<String> EXTENSIONS =
      List.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp");

  private Degrader() {}

  /**
   * What a run did: images written, images that could not be degraded, where the parameters are.
   */
  public record Result(long written, long failed, String paramsUri) {}

  public static Result run(
      SparkSession spark, String input, String output, long seed, DegradationSettings settings) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = sc.hadoopConfiguration();
    InputLister.Listing listing =
        new InputLister(sc, new ImagePathFilter(EXTENSIONS), 256).list(input);
    String outRoot = ImageStorage.qualified(output, hadoop);
    if (strip(outRoot).equals(strip(listing.root()))
        || strip(outRoot).startsWith(strip(listing.root()) + "/")
            && !strip(outRoot).substring(strip(listing.root()).length() + 1).startsWith("_")) {
      throw new InvalidConfigException(
          "degrade --output must not be the input or inside it (unless under an"
              + " _underscore folder): "
              + output);
    }
    OutputPaths paths =
        new OutputPaths(
            listing.root(), outRoot, new io.gpenspark.imageio.OutputFormat("same", 100));
    Broadcast<SerializableConfiguration> bconf =
        sc.broadcast(new SerializableConfiguration(hadoop));
    JavaRDD<InputFile> files = listing.files();
    long count = files.count();
    // About 8 images a task, as the restore job's default: small tasks spread over every executor.
    int partitions = (int) Math.max(1, Math.min(10_000, (count + 7) / 8));
    List<String> lines =
        files
            .repartition(partitions)
            .mapPartitions(
                it -> {
                  OpenCv.load();
                  ImageStorage storage = new ImageStorage(bconf.value().get());
                  ObjectMapper json = new ObjectMapper();
                  List<String> out = new ArrayList<>();
                  while (it.hasNext()) {
                    out.add(
                        json.writeValueAsString(
                            degradeOne(it.next(), paths, storage, seed, settings)));
                  }
                  return out.iterator();
                })
            .collect();

    List<String> sorted = new ArrayList<>(lines);
    sorted.sort(Comparator.naturalOrder()); // each line starts with {"path":...
    long failed = sorted.stream().filter(l -> l.contains("\"error\":")).count();
    String params = outRoot + "/" + PARAMS;
    ImageStorage.writeText(
        params, sorted.stream().map(l -> l + "\n").collect(Collectors.joining()), hadoop);
    return new Result(sorted.size() - failed, failed, params);
  }

  static Map<String, Object> degradeOne(
      InputFile in,
      OutputPaths paths,
      ImageStorage storage,
      long seed,
      DegradationSettings settings) {
    String rel = paths.relative(in.path());
    Degradation d = Degradation.draw(settings, seed, rel);
    Map<String, Object> line = d.toMap();
    line.put("run_seed", seed);
    Mat original = null;
    Mat degraded = null;
    try {
      original = ImageDecoder.decode(storage.read(in.path(), in.size()), 120_000_000L, 1);
      line.put("width", original.cols());
      line.put("height", original.rows());
      int[] ds = d.downsampledSize(original.cols(), original.rows());
      line.put("down_width", ds[0]);
      line.put("down_height", ds[1]);
      degraded = d.apply(original);
      String out = paths.outputFor(in.path());
      storage.write(out, encode(degraded, OutputPaths.extension(out)));
    } catch (RuntimeException e) {
      line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      if (original != null) {
        original.release();
      }
      if (degraded != null) {
        degraded.release();
      }
    }
    return line;
  }

  /**
   * The degraded pixels in the input's own format, losing nothing more: PNG, BMP and TIFF are
   * lossless, WebP is written lossless, JPEG at quality 100 without chroma subsampling.
   */
  static byte[] encode(Mat bgr, String ext) {
    String e = ext.toLowerCase(Locale.ROOT);
    MatOfInt params =
        switch (e) {
          case "jpg", "jpeg" ->
              new MatOfInt(
                  Imgcodecs.IMWRITE_JPEG_QUALITY,
                  100,
                  Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR,
                  Imgcodecs.IMWRITE_JPEG_SAMPLING_FACTOR_444);
          case "webp" -> new MatOfInt(Imgcodecs.IMWRITE_WEBP_QUALITY, 101);
          default -> new MatOfInt();
        };
    MatOfByte buf = new MatOfByte();
    try {
      if (!Imgcodecs.imencode("." + e, bgr, buf, params)) {
        throw new IllegalStateException("cannot encode ." + e);
      }
      return buf.toArray();
    } finally {
      params.release();
      buf.release();
    }
  }

  private static String strip(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }
}
