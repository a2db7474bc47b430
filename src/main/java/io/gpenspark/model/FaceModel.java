package io.gpenspark.model;

/**
 * A face restoration network (GPEN) loaded once per JVM. Input and output are batches of square
 * faces in NCHW layout, RGB, normalised as {@code (x/255 - 0.5)/0.5}; the output is the raw network
 * output (unclamped). Thread-safe: each calling thread gets its own predictor.
 */
public interface FaceModel extends AutoCloseable {

  /** Side of the square face the network takes and returns (256, 512, ...). */
  int size();

  /** Model identity for the manifest: file name and sha256. */
  String id();

  /** Where and in what precision it runs, for the manifest: e.g. "cpu fp32", "cuda:1 bf16". */
  String device();

  /** Restores {@code n} faces held in {@code faces} (length n*3*size*size); returns a new array. */
  float[] restore(float[] faces, int n);

  @Override
  void close();
}
