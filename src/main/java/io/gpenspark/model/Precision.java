package io.gpenspark.model;

import ai.djl.ndarray.types.DataType;

/** model.precision: the number format GPEN's weights and activations have during a forward. */
public enum Precision {
  FP32(DataType.FLOAT32),
  BF16(DataType.BFLOAT16),
  FP16(DataType.FLOAT16);

  private final DataType type;

  Precision(DataType type) {
    this.type = type;
  }

  public DataType dataType() {
    return type;
  }

  /** The configuration's spelling: fp32, bf16, fp16. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Precision of(String key) {
    return valueOf(key.toUpperCase(java.util.Locale.ROOT));
  }
}
