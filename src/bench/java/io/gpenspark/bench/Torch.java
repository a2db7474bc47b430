package io.gpenspark.bench;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** PyTorch's thread settings as they are (the engine is started first if need be). */
final class Torch {
  private Torch() {}

  static int intraOpThreads() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }

  static int interOpThreads() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumInteropThreads();
  }
}
