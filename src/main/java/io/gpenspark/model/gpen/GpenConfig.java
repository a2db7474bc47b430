package io.gpenspark.model.gpen;

import io.gpenspark.model.InvalidModelException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hyper-parameters of a GPEN {@code FullGenerator} (yangxy/GPEN face_model/gpen_model.py) and
 * the state-dict layout they imply. style_dim 512, n_mlp 8, blur kernel [1,3,3,1] and concatenated
 * noise are fixed, as in every released GPEN model.
 */
public record GpenConfig(int size, int channelMultiplier, double narrow) {

  public static final int STYLE_DIM = 512;
  public static final int MAPPING_LAYERS = 8;
  static final int BLUR_TAPS = 4;

  private static final int MIN_SIZE = 8;
  private static final int MAX_SIZE = 1024;
  private static final int SMALLEST_MULTIPLIED_RES = 64;

  public GpenConfig {
    if (Integer.bitCount(size) != 1 || size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "GPEN size must be a power of two in 8..1024, not " + size);
    }
    if (channelMultiplier < 1 || !(narrow > 0)) {
      throw new IllegalArgumentException(
          "invalid channel_multiplier/narrow " + channelMultiplier + "/" + narrow);
    }
  }

  /** log2(size). */
  public int logSize() {
    return Integer.numberOfTrailingZeros(size);
  }

  /** Feature channels at resolution {@code res}, GPEN's {@code channels} dict. */
  public int channels(int res) {
    int base =
        switch (res) {
          case 4, 8, 16, 32 -> 512;
          case 64 -> 256 * channelMultiplier;
          case 128 -> 128 * channelMultiplier;
          case 256 -> 64 * channelMultiplier;
          case 512 -> 32 * channelMultiplier;
          case 1024 -> 16 * channelMultiplier;
          default -> throw new IllegalArgumentException("no GPEN layer at resolution " + res);
        };
    return (int) (base * narrow);
  }

  /**
   * Infers the configuration from state-dict shapes: the encoder depth gives the size, the 4x4
   * constant input gives narrow, the first encoder conv gives channel_multiplier (it does not
   * change the network below 64 pixels, where GPEN's default 2 is reported).
   */
  public static GpenConfig infer(Map<String, long[]> shapes) throws InvalidModelException {
    int encoderLayers = 0;
    while (shapes.containsKey("ecd" + encoderLayers + ".0.0.weight")
        || shapes.containsKey("ecd" + encoderLayers + ".0.1.weight")) {
      encoderLayers++;
    }
    long[] constant = shapes.get("generator.input.input");
    long[] firstEncoder = shapes.get("ecd0.0.0.weight");
    if (encoderLayers < 2
        || constant == null
        || constant.length != 4
        || firstEncoder == null
        || firstEncoder.length != 4) {
      throw new InvalidModelException(
          "not a GPEN FullGenerator state dict: "
              + (constant == null ? "generator.input.input" : "ecd0.0.0.weight / ecdN layers")
              + " missing");
    }
    int size = 1 << (encoderLayers + 1);
    if (size > MAX_SIZE) {
      throw new InvalidModelException(
          "GPEN state dict with "
              + encoderLayers
              + " encoder layers (size "
              + size
              + ") is larger than any GPEN");
    }
    double narrow = constant[1] / 512.0;
    int multiplier = 2;
    if (size >= SMALLEST_MULTIPLIED_RES) {
      int unmultiplied = new GpenConfig(size, 1, narrow).channels(size);
      multiplier = (int) Math.max(1, Math.round(firstEncoder[0] / (double) unmultiplied));
    }
    return new GpenConfig(size, multiplier, narrow);
  }

  /** Every state-dict entry of this configuration with its shape, in PyTorch's order. */
  public Map<String, long[]> expectedShapes() {
    Map<String, long[]> s = new LinkedHashMap<>();
    String g = "generator.";
    for (int i = 1; i <= MAPPING_LAYERS; i++) {
      s.put(g + "style." + i + ".weight", dims(STYLE_DIM, STYLE_DIM));
      s.put(g + "style." + i + ".bias", dims(STYLE_DIM));
    }
    int c4 = channels(4);
    s.put(g + "input.input", dims(1, c4, 4, 4));
    putStyledConv(s, g + "conv1.", c4, c4, false);
    putToRgb(s, g + "to_rgb1.", 2 * c4, false);
    int in = c4;
    for (int i = 3; i <= logSize(); i++) {
      int out = channels(1 << i);
      int layer = 2 * (i - 3);
      putStyledConv(s, g + "convs." + layer + ".", 2 * in, out, true);
      putStyledConv(s, g + "convs." + (layer + 1) + ".", 2 * out, out, false);
      in = out;
    }
    for (int i = 3; i <= logSize(); i++) {
      putToRgb(s, g + "to_rgbs." + (i - 3) + ".", 2 * channels(1 << i), true);
    }
    s.put("ecd0.0.0.weight", dims(channels(size), 3, 1, 1));
    s.put("ecd0.0.1.bias", dims(channels(size)));
    for (int i = 1; i <= logSize() - 2; i++) {
      int encoderIn = channels(size >> (i - 1));
      int encoderOut = channels(size >> i);
      String p = "ecd" + i + ".0.";
      s.put(p + "0.kernel", dims(BLUR_TAPS, BLUR_TAPS));
      s.put(p + "1.weight", dims(encoderOut, encoderIn, 3, 3));
      s.put(p + "2.bias", dims(encoderOut));
    }
    s.put("final_linear.0.weight", dims(STYLE_DIM, c4 * 16));
    s.put("final_linear.0.bias", dims(STYLE_DIM));
    return s;
  }

  /**
   * Checks {@code shapes} against {@link #expectedShapes()}: the first missing key, wrong shape or
   * unexpected key is named in the exception.
   */
  public void verify(Map<String, long[]> shapes) throws InvalidModelException {
    Map<String, long[]> expected = expectedShapes();
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      long[] actual = shapes.get(e.getKey());
      if (actual == null) {
        throw new InvalidModelException(
            "state dict does not fit " + this + ": missing key '" + e.getKey() + "'");
      }
      if (!Arrays.equals(actual, e.getValue())) {
        throw new InvalidModelException(
            "state dict does not fit "
                + this
                + ": key '"
                + e.getKey()
                + "' has shape "
                + Arrays.toString(actual)
                + ", expected "
                + Arrays.toString(e.getValue()));
      }
    }
    for (String name : shapes.keySet()) {
      if (!expected.containsKey(name)) {
        throw new InvalidModelException(
            "state dict does not fit " + this + ": unexpected key '" + name + "'");
      }
    }
  }

  private static void putStyledConv(
      Map<String, long[]> s, String p, int in, int out, boolean upsample) {
    s.put(p + "conv.weight", dims(1, out, in, 3, 3));
    if (upsample) {
      s.put(p + "conv.blur.kernel", dims(BLUR_TAPS, BLUR_TAPS));
    }
    s.put(p + "conv.modulation.weight", dims(in, STYLE_DIM));
    s.put(p + "conv.modulation.bias", dims(in));
    s.put(p + "noise.weight", dims(1));
    s.put(p + "activate.bias", dims(2 * out));
  }

  private static void putToRgb(Map<String, long[]> s, String p, int in, boolean upsample) {
    s.put(p + "bias", dims(1, 3, 1, 1));
    if (upsample) {
      s.put(p + "upsample.kernel", dims(BLUR_TAPS, BLUR_TAPS));
    }
    s.put(p + "conv.weight", dims(1, 3, in, 1, 1));
    s.put(p + "conv.modulation.weight", dims(in, STYLE_DIM));
    s.put(p + "conv.modulation.bias", dims(in));
  }

  private static long[] dims(long... d) {
    return d;
  }
}
