package io.gpenspark.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Model I/O for a face network: a float[] batch of n NCHW RGB faces in, the network's first output
 * as float[] out. The array is already a batch, so DJL's batchifier is not used.
 */
final class FaceBatchTranslator implements NoBatchifyTranslator<float[], float[]> {
  private final int size;

  FaceBatchTranslator(int size) {
    this.size = size;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, float[] faces) {
    long perFace = 3L * size * size;
    if (faces.length == 0 || faces.length % perFace != 0) {
      throw new IllegalArgumentException(
          faces.length + " values are not a batch of 3x" + size + "x" + size + " faces");
    }
    return new NDList(
        ctx.getNDManager().create(faces, new Shape(faces.length / perFace, 3, size, size)));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList outputs) {
    return outputs.get(0).toFloatArray();
  }
}
