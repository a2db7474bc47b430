package io.gpenspark.manifest;

import io.gpenspark.imageio.ImageFailure;
import io.gpenspark.listing.InputFile;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** One input's outcome, filled in as the pipeline runs; {@link #toRow()} follows ManifestSchema. */
public final class ManifestRow {
  private final RunIdentity run;
  private final InputFile input;
  private String outputPath;
  private Status status = Status.FAILED;
  private String errorCode;
  private String error;
  private Integer width;
  private Integer height;
  private Integer outWidth;
  private Integer outHeight;
  private int faces;
  private Double psnr;
  private Double ssim;
  private String metricReference;
  private final Map<String, Double> stageMs = new LinkedHashMap<>();

  public ManifestRow(RunIdentity run, InputFile input) {
    this.run = run;
    this.input = input;
    ManifestSchema.STAGES.forEach(s -> stageMs.put(s, 0.0));
  }

  public ManifestRow status(Status s) {
    this.status = s;
    return this;
  }

  public ManifestRow failed(ImageFailure f) {
    this.status = Status.FAILED;
    this.errorCode = f.code().code();
    this.error = f.getMessage();
    this.outputPath = null;
    return this;
  }

  /** A remark on a row that did not fail (e.g. why metrics are missing). */
  public void note(String message) {
    this.error = message;
  }

  public void outputPath(String p) {
    this.outputPath = p;
  }

  public void inputSize(int w, int h) {
    this.width = w;
    this.height = h;
  }

  public void outputSize(int w, int h) {
    this.outWidth = w;
    this.outHeight = h;
  }

  public void faces(int n) {
    this.faces = n;
  }

  public void quality(double psnr, double ssim, String reference) {
    this.psnr = psnr;
    this.ssim = ssim;
    this.metricReference = reference;
  }

  public void addStageMs(String stage, double ms) {
    if (!stageMs.containsKey(stage)) {
      throw new IllegalArgumentException("unknown stage " + stage);
    }
    stageMs.merge(stage, ms, Double::sum);
  }

  public Status status() {
    return status;
  }

  /**
   * The row in {@link ManifestSchema#SCHEMA}'s column order, each value placed by its column's
   * name.
   */
  public Row toRow() {
    Map<String, Object> v = new HashMap<>();
    v.put(ManifestSchema.RUN_ID, run.runId());
    v.put(ManifestSchema.INPUT_PATH, input.path());
    v.put("input_bytes", input.size());
    v.put("input_modified", new Timestamp(input.modified()));
    v.put("output_path", outputPath);
    v.put(ManifestSchema.STATUS, status.value());
    v.put("error_code", errorCode);
    v.put("error", error);
    v.put("width", width);
    v.put("height", height);
    v.put("out_width", outWidth);
    v.put("out_height", outHeight);
    v.put("faces", faces);
    v.put("psnr", psnr);
    v.put("ssim", ssim);
    v.put("metric_reference", metricReference);
    stageMs.forEach((stage, ms) -> v.put("ms_" + stage, ms));
    v.put("executor_id", run.executorId());
    v.put("config_hash", run.configHash());
    v.put("model_id", run.modelId());
    v.put("device", run.device());
    v.put("job_version", run.jobVersion());
    v.put("processed_at", new Timestamp(System.currentTimeMillis()));
    String[] names = ManifestSchema.SCHEMA.fieldNames();
    if (v.size() != names.length) { // a column added to the schema but not here, or the reverse
      throw new IllegalStateException(
          "manifest row has " + v.keySet() + ", schema " + List.of(names));
    }
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = v.get(names[i]);
    }
    return RowFactory.create(values);
  }
}
