package io.gpenspark.model.gpen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.gpenspark.model.InvalidModelException;
import io.gpenspark.model.pth.StateDict;
import java.util.ArrayList;
import java.util.List;

/**
 * GPEN's FullGenerator as a DJL block: input [N, 3, S, S] (RGB in [-1, 1]) to the raw image [N, 3,
 * S, S]. The encoder's features, deepest first, are the generator's concatenated "noise" (each
 * resolution feeds both styled convs of that resolution); the encoder's final linear layer gives
 * the style code, mapped to the latent w that every layer is modulated with (one style, no
 * truncation, no mixing). Activations are kept channels-last (see {@link Ops#channelsLast}).
 * Weights live in the manager given at construction; a forward keeps its temporaries in
 * sub-managers that close as each layer returns.
 */
public final class GpenGenerator extends AbstractBlock {
  private final GpenConfig config;
  private final DataType type;
  private final List<EncoderLayer> encoder = new ArrayList<>();
  private final EqualLinear finalLinear;
  private final MappingNetwork mapping;
  private final NDArray constantInput;
  private final StyledConv conv1;
  private final ToRgb toRgb1;
  private final List<StyledConv> convs = new ArrayList<>();
  private final List<ToRgb> toRgbs = new ArrayList<>();

  /** Checks {@code dict} against {@code config} and copies its weights into {@code manager}. */
  public GpenGenerator(StateDict dict, GpenConfig config, NDManager manager)
      throws InvalidModelException {
    this(dict, config, manager, DataType.FLOAT32);
  }

  /**
   * As above, computing in {@code type} (FLOAT32, BFLOAT16 or FLOAT16): the weights are stored in
   * it and the faces converted to it on the way in; the output is float32 again.
   */
  public GpenGenerator(StateDict dict, GpenConfig config, NDManager manager, DataType type)
      throws InvalidModelException {
    this(dict, config, manager, ModulatedConv.WINOGRAD_MIN_CHANNELS, type);
  }

  /** As above, with 3x3 convs by Winograd from {@code winogradMinChannels} input channels. */
  GpenGenerator(StateDict dict, GpenConfig config, NDManager manager, int winogradMinChannels)
      throws InvalidModelException {
    this(dict, config, manager, winogradMinChannels, DataType.FLOAT32);
  }

  private GpenGenerator(
      StateDict dict, GpenConfig config, NDManager manager, int winogradMinChannels, DataType type)
      throws InvalidModelException {
    config.verify(dict.shapes());
    this.config = config;
    this.type = type;
    Weights w = new Weights(dict, manager, type);
    encoder.add(EncoderLayer.first(w));
    for (int i = 1; i <= config.logSize() - 2; i++) {
      encoder.add(EncoderLayer.downsampling(w, i));
    }
    finalLinear = new EqualLinear(w, "final_linear.0", 1, true);
    mapping = new MappingNetwork(w);
    constantInput = w.reshaped("generator.input.input", w.shape("generator.input.input"));
    conv1 = new StyledConv(w, "generator.conv1.", false, winogradMinChannels);
    toRgb1 = ToRgb.first(w, "generator.to_rgb1.");
    for (int i = 0; i < 2 * (config.logSize() - 2); i++) {
      convs.add(new StyledConv(w, "generator.convs." + i + ".", i % 2 == 0, winogradMinChannels));
    }
    for (int i = 0; i < config.logSize() - 2; i++) {
      toRgbs.add(ToRgb.upsampling(w, "generator.to_rgbs." + i + "."));
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray faces = inputs.singletonOrThrow();
    Shape s = faces.getShape();
    if (s.dimension() != 4
        || s.get(1) != 3
        || s.get(2) != config.size()
        || s.get(3) != config.size()) {
      throw new IllegalArgumentException(
          "GPEN-"
              + config.size()
              + " takes [N, 3, "
              + config.size()
              + ", "
              + config.size()
              + "], not "
              + s);
    }
    try (NDManager scope = faces.getManager().newSubManager()) {
      faces.tempAttach(scope);
      NDArray out = generate(faces.getDataType() == type ? faces : faces.toType(type, false));
      return new NDList(
          scope.ret(
              out.getDataType() == DataType.FLOAT32 ? out : out.toType(DataType.FLOAT32, false)));
    }
  }

  private NDArray generate(NDArray faces) {
    // features.get(i) has resolution size / 2^i; the last one is 4x4.
    List<NDArray> features = new ArrayList<>();
    NDArray x = Ops.channelsLast(faces);
    for (EncoderLayer layer : encoder) {
      x = layer.apply(x);
      features.add(x);
    }
    long n = faces.getShape().get(0);
    NDArray latent = mapping.apply(finalLinear.apply(x.reshape(n, -1)));

    int deepest = features.size() - 1;
    // ConstantInput repeated over the batch; built on the input's manager, not the weights'.
    NDArray out =
        Ops.channelsLast(
            faces
                .getManager()
                .zeros(new Shape(n, constantInput.getShape().get(1), 4, 4), type)
                .addi(constantInput));
    out = conv1.apply(out, features.get(deepest), latent);
    NDArray skip = toRgb1.apply(out, latent, null);
    for (int i = 0; i < toRgbs.size(); i++) {
      NDArray noise = features.get(deepest - 1 - i);
      out = convs.get(2 * i).apply(out, noise, latent);
      out = convs.get(2 * i + 1).apply(out, noise, latent);
      skip = toRgbs.get(i).apply(out, latent, skip);
    }
    return Ops.contiguous(skip);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }
}
