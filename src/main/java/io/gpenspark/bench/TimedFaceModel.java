package io.gpenspark.bench;

import io.gpenspark.model.FaceModel;

/**
 * A {@link FaceModel} that notes, per calling thread, when its first forward of an image began,
 * when its last one ended and how long the forwards took in all: the restore stage then splits
 * into align (before the first forward), model, and paste-back (after the last one).
 */
final class TimedFaceModel implements FaceModel {
  private final FaceModel model;
  private final ThreadLocal<Span> spans = ThreadLocal.withInitial(Span::new);

  /** One image's forwards on one thread (nanoTime; firstStart 0 = none yet). */
  static final class Span {
    long firstStart;
    long lastEnd;
    long total;
    int faces;

    void reset() {
      firstStart = 0;
      lastEnd = 0;
      total = 0;
      faces = 0;
    }
  }

  TimedFaceModel(FaceModel model) {
    this.model = model;
  }

  /** This thread's span, reset: call before the image's restore stage. */
  Span start() {
    Span s = spans.get();
    s.reset();
    return s;
  }

  @Override
  public int size() {
    return model.size();
  }

  @Override
  public String id() {
    return model.id();
  }

  @Override
  public float[] restore(float[] faces, int n) {
    Span s = spans.get();
    long t0 = System.nanoTime();
    try {
      return model.restore(faces, n);
    } finally {
      long t1 = System.nanoTime();
      if (s.firstStart == 0) {
        s.firstStart = t0;
      }
      s.lastEnd = t1;
      s.total += t1 - t0;
      s.faces += n;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
