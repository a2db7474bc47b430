package io.gpenspark.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link FaceModel} over a DJL {@link Model}: the Java GPEN generator block or a TorchScript
 * module. Each calling thread gets its own {@link Predictor}; all of them close with the model.
 * {@link #close()} waits for running batches, later calls are refused.
 */
public final class GpenModel implements FaceModel {
  private final Model model;
  private final int size;
  private final String id;
  private final String device;
  private final FaceBatchTranslator translator;
  private final Queue<Predictor<float[], float[]>> predictors = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Predictor<float[], float[]>> threadPredictor;
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  GpenModel(Model model, int size, String id, Precision precision) {
    this.model = model;
    this.size = size;
    this.id = id;
    Device d = model.getNDManager().getDevice();
    this.device = (d.isGpu() ? "cuda:" + d.getDeviceId() : "cpu") + " " + precision.key();
    this.translator = new FaceBatchTranslator(size);
    this.threadPredictor = ThreadLocal.withInitial(this::newPredictor);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String device() {
    return device;
  }

  @Override
  public float[] restore(float[] faces, int n) {
    if (n < 1 || faces.length != (long) n * 3 * size * size) {
      throw new IllegalArgumentException(
          "expected "
              + n
              + " faces of 3x"
              + size
              + "x"
              + size
              + " values, got "
              + faces.length
              + " values");
    }
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("model " + id + " is closed");
      }
      return threadPredictor.get().predict(faces);
    } catch (TranslateException e) {
      throw new IllegalStateException("model " + id + " failed on a batch of " + n + " faces", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      Predictor<float[], float[]> p;
      while ((p = predictors.poll()) != null) {
        p.close();
      }
      model.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private Predictor<float[], float[]> newPredictor() {
    Predictor<float[], float[]> p = model.newPredictor(translator);
    predictors.add(p);
    return p;
  }
}
