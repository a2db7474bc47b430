package io.gpenspark.model;

import io.gpenspark.config.ConfigReader;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model.* keys: which GPEN weights (any Hadoop URI, or the one file in models/; optionally
 * pinned by sha256 and nested under a state-dict key), where it runs and in what precision, its
 * intra-op threads and the local copy's cache.
 */
public record ModelSettings(
    String pathOrNull,
    String sha256OrNull,
    String stateDictKeyOrNull,
    String device,
    Precision precision,
    int intraOpThreads,
    String cacheDirOrNull)
    implements Serializable {

  public static ModelSettings from(ConfigReader cfg) {
    return new ModelSettings(
        cfg.optionalString("model.path").orElse(null),
        cfg.optionalString("model.sha256").orElse(null),
        cfg.optionalString("model.state-dict-key").orElse(null),
        cfg.oneOf("model.device", "auto", "cpu", "gpu"),
        Precision.of(cfg.oneOf("model.precision", "fp32", "bf16", "fp16")),
        cfg.intAtLeast("model.intra-op-threads", 0),
        cfg.optionalString("model.cache-dir").orElse(null));
  }

  public Optional<String> path() {
    return Optional.ofNullable(pathOrNull);
  }

  /**
   * The weights to load: model.path, or the one GPEN file in models/ when it is not set ({@link
   * DefaultWeights}); refuses with one line when there is none or several.
   */
  public String weights() {
    return path().orElseGet(() -> DefaultWeights.in(DefaultWeights.FOLDER));
  }

  public Optional<String> sha256() {
    return Optional.ofNullable(sha256OrNull);
  }

  public Optional<String> stateDictKey() {
    return Optional.ofNullable(stateDictKeyOrNull);
  }

  /** model.cache-dir, or java.io.tmpdir/gpen-spark-models when it is not set. */
  public Path cacheDir() {
    return Optional.ofNullable(cacheDirOrNull)
        .map(Path::of)
        .orElse(Path.of(System.getProperty("java.io.tmpdir"), "gpen-spark-models"));
  }

  /**
   * What identifies a loaded GPEN: the same file (the one actually used, also when found in
   * models/) on the same device in the same precision.
   */
  public String cacheKey(DeviceChoice on) {
    return "gpen|"
        + weights()
        + "|"
        + sha256OrNull
        + "|"
        + stateDictKeyOrNull
        + "|"
        + on.label()
        + "|"
        + on.precision();
  }
}
