package io.gpenspark.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Model I/O for a face network: a float[] batch of n NCHW RGB faces in, the network's first output
 * as float[] out. The array is already a batch, so DJL's batchifier is not used.
 *
 * <p>The input tensor is made over a direct buffer that each calling thread reuses. Given a
 * float[], DJL would allocate a fresh direct buffer per call (the tensor's memory, 3 MiB per
 * GPEN-512 face) that only the garbage collector frees: with a large heap and little Java garbage,
 * those buffers pile up between collections and resident memory climbs by the input size per face.
 * Reuse is safe because a thread runs one forward at a time and the input tensor is closed with the
 * call's context before the thread's next call.
 */
final class FaceBatchTranslator implements NoBatchifyTranslator<float[], float[]> {
  private final int size;
  private final ThreadLocal<ByteBuffer> inputBuffer = new ThreadLocal<>();

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
    int bytes = Math.multiplyExact(faces.length, Float.BYTES);
    ByteBuffer buffer = inputBuffer.get();
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
      inputBuffer.set(buffer);
    }
    buffer.clear();
    buffer.asFloatBuffer().put(faces);
    buffer.limit(bytes);
    return new NDList(
        ctx.getNDManager()
            .create(buffer, new Shape(faces.length / perFace, 3, size, size), DataType.FLOAT32));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList outputs) {
    return outputs.get(0).toFloatArray();
  }
}
