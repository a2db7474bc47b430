package io.gpenspark.job;

import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.InvalidConfigException;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * Where a run reads and writes, and how it splits the work (input.*, output.uri, manifest.*,
 * job.*). {@code maxImages} 0 and {@code deadline} null: no bound.
 */
public record RunSettings(
    String input,
    String output,
    String manifest,
    List<String> extensions,
    int imagesPerPartition,
    int driverListingMaxDirs,
    String jobName,
    String runId,
    long imageTimeoutMs,
    String mode,
    boolean retryFailed,
    long progressSeconds,
    int maxImages,
    Duration deadline)
    implements Serializable {

  public static RunSettings from(ConfigReader cfg) {
    String output = stripSlash(cfg.string("output.uri"));
    String input = cfg.string("input.uri");
    if (stripSlash(input).equals(output)) {
      throw new InvalidConfigException("output.uri must differ from input.uri (" + output + ")");
    }
    List<String> extensions = cfg.stringList("input.extensions");
    if (extensions.isEmpty()) {
      throw ConfigReader.invalid("input.extensions", "must name at least one extension");
    }
    return new RunSettings(
        input,
        output,
        cfg.optionalString("manifest.uri")
            .map(RunSettings::stripSlash)
            .orElse(output + "/_manifest"),
        extensions,
        cfg.intAtLeast("input.images-per-partition", 0),
        cfg.intAtLeast("input.driver-listing-max-dirs", 1),
        cfg.string("job.name"),
        cfg.optionalString("job.run-id").orElseGet(RunSettings::newRunId),
        Math.round(cfg.doubleIn("job.image-timeout", 0, 86_400) * 1000),
        cfg.oneOf("job.mode", "full", "incremental"),
        cfg.bool("job.retry-failed"),
        cfg.intAtLeast("job.progress-interval", 0),
        cfg.intAtLeast("job.max-images", 0),
        cfg.optionalDuration("job.deadline").orElse(null));
  }

  /**
   * The Spark partitions (one task each) for {@code images} inputs on a cluster of {@code slots}
   * task slots: input.images-per-partition images each; with 0 (auto) {@link #PARTITIONS_PER_SLOT}
   * partitions a slot, of {@link #AUTO_MIN_IMAGES} to {@link #AUTO_MAX_IMAGES} images. A task costs
   * ~0.1 s of CPU whatever its images (Spark's task set-up, the row encoder, its own Parquet file
   * of the manifest; measured with submit/bench --sections overhead), which 8 small no-face images
   * did not cover. A small run is split as before (8 images a task), a large one into 4 tasks a
   * slot or more, so slots that finish early still find work.
   */
  public int partitions(long images, int slots) {
    return partitions(imagesPerPartition, images, slots);
  }

  /** {@link #partitions(long, int)} for an input.images-per-partition value. */
  public static int partitions(int imagesPerPartition, long images, int slots) {
    long each =
        imagesPerPartition > 0
            ? imagesPerPartition
            : Math.max(
                AUTO_MIN_IMAGES,
                Math.min(
                    AUTO_MAX_IMAGES,
                    ceilDiv(images, (long) Math.max(1, slots) * PARTITIONS_PER_SLOT)));
    return (int) Math.max(1, Math.min(MAX_PARTITIONS, ceilDiv(images, each)));
  }

  static final int PARTITIONS_PER_SLOT = 4;
  static final int AUTO_MIN_IMAGES = 8;
  static final int AUTO_MAX_IMAGES = 64;
  private static final int MAX_PARTITIONS = 100_000;

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Sortable and unique: UTC time to the second plus a short random suffix. */
  static String newRunId() {
    return ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }
}
