package io.gpenspark.manifest;

import io.gpenspark.imageio.ImageFailure;
import io.gpenspark.listing.InputFile;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
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

  public Row toRow() {
    Object[] v = new Object[ManifestSchema.SCHEMA.size()];
    int i = 0;
    v[i++] = run.runId();
    v[i++] = input.path();
    v[i++] = input.size();
    v[i++] = new Timestamp(input.modified());
    v[i++] = outputPath;
    v[i++] = status.value();
    v[i++] = errorCode;
    v[i++] = error;
    v[i++] = width;
    v[i++] = height;
    v[i++] = outWidth;
    v[i++] = outHeight;
    v[i++] = faces;
    v[i++] = psnr;
    v[i++] = ssim;
    v[i++] = metricReference;
    for (double ms : stageMs.values()) {
      v[i++] = ms;
    }
    v[i++] = run.executorId();
    v[i++] = run.configHash();
    v[i++] = run.modelId();
    v[i++] = run.jobVersion();
    v[i] = new Timestamp(System.currentTimeMillis());
    return RowFactory.create(v);
  }
}
