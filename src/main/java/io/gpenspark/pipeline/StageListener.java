package io.gpenspark.pipeline;

/**
 * Hears each stage of a photo as it ends, with its wall time. Stages, in pipeline order: read,
 * decode, preprocess, detect, align, model, paste_back, postprocess, encode, write, metrics (model
 * may come in several parts: a photo's share of each forward it took part in).
 */
@FunctionalInterface
public interface StageListener {
  StageListener NONE = (stage, ms) -> {};

  void stage(String stage, double ms);
}
