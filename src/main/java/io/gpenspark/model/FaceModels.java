package io.gpenspark.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Pair;
import io.gpenspark.model.gpen.GpenConfig;
import io.gpenspark.model.gpen.GpenGenerator;
import io.gpenspark.model.pth.PthReader;
import io.gpenspark.model.pth.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.ZipFile;

/**
 * Loads a face model from a local file, by content: a TorchScript archive (zip with {@code
 * constants.pkl} or {@code code/}) runs through DJL's TorchScript loader; any other {@code
 * torch.save} file (zip or legacy) is read as a GPEN state dict and runs on the Java generator.
 *
 * <p>On CPU, consider {@code THP_MEM_ALLOC_ENABLE=1} in the JVM's environment (Spark: {@code
 * spark.executorEnv.THP_MEM_ALLOC_ENABLE=1}; it must be set before the process starts): libtorch
 * then backs large tensors with transparent huge pages, so fresh temporaries cost far fewer page
 * faults (the memory-bound steps of GPEN-512 ran 2-4x faster with it in isolation).
 */
public final class FaceModels {
  private static final String ENGINE = "PyTorch";

  private FaceModels() {}

  /** {@code builder(file).stateDictKey(key).device(device).build()}. */
  public static FaceModel load(Path file, Optional<String> stateDictKey, Device device)
      throws IOException {
    return builder(file).stateDictKey(stateDictKey.orElse(null)).device(device).build();
  }

  /**
   * The model under {@code key} from this JVM's {@link ModelCache}, loaded by {@code load} on first
   * use; closing the returned model hands it back to the cache.
   */
  public static FaceModel shared(String key, String run, Supplier<FaceModel> load) {
    return new SharedFaceModel(ModelCache.acquire(key, run, load));
  }

  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** Options of {@link FaceModels#load}. */
  public static final class Builder {
    private final Path file;
    private String stateDictKey;
    private Device device;
    private Precision precision = Precision.FP32;
    private Integer size;

    private Builder(Path file) {
      this.file = file;
    }

    /** Key under which the checkpoint nests the state dict (e.g. {@code g_ema}); null for none. */
    public Builder stateDictKey(String key) {
      this.stateDictKey = key;
      return this;
    }

    /** Device to run on; null (default) is the PyTorch engine's default device. */
    public Builder device(Device device) {
      this.device = device;
      return this;
    }

    /**
     * Number format of the forward (default fp32). The Java GPEN converts its weights once and the
     * faces on the way in and out, so callers still pass and get float[]; a TorchScript module runs
     * as it was saved, so it takes fp32 only. Whether the device can run it is {@link
     * DeviceChoice}'s question.
     */
    public Builder precision(Precision p) {
      this.precision = p;
      return this;
    }

    /**
     * Face size the model takes. Checked against a state dict; for TorchScript it is needed when
     * the module's parameters do not reveal a GPEN layout.
     */
    public Builder size(int size) {
      this.size = size;
      return this;
    }

    public FaceModel build() throws IOException {
      if (precision == Precision.BF16 && !Hardware.BINDING_MAKES_BF16) {
        throw DeviceChoice.bf16Unavailable(); // never reach the binding's abort
      }
      Device target = device != null ? device : Engine.getEngine(ENGINE).defaultDevice();
      String id = file.getFileName() + " sha256:" + ModelSource.sha256(file);
      return isTorchScript(file) ? loadTorchScript(target, id) : loadStateDict(target, id);
    }

    private FaceModel loadStateDict(Device target, String id) throws IOException {
      StateDict dict = PthReader.read(file, Optional.ofNullable(stateDictKey));
      GpenConfig config = GpenConfig.infer(dict.shapes());
      checkSize(config.size());
      Model model = Model.newInstance(file.getFileName().toString(), target, ENGINE);
      try {
        model.setBlock(new GpenGenerator(dict, config, model.getNDManager(), precision.dataType()));
      } catch (InvalidModelException | RuntimeException e) {
        model.close();
        throw e;
      }
      return new GpenModel(model, config.size(), id, precision);
    }

    private FaceModel loadTorchScript(Device target, String id) throws IOException {
      if (stateDictKey != null) {
        throw new InvalidModelException(
            file.getFileName() + " is TorchScript; a state-dict key does not apply");
      }
      if (precision != Precision.FP32) {
        throw new InvalidModelException(
            file.getFileName()
                + " is TorchScript, which runs in the precision it was"
                + " saved in: model.precision "
                + precision.key()
                + " applies to GPEN .pth weights only; use fp32");
      }
      // Loaded with DJL's NDList pass-through translator; GpenModel brings the face translator
      // once the face size is known.
      ZooModel<NDList, NDList> model;
      try {
        model =
            Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(ENGINE)
                .optDevice(target)
                .optModelPath(file.toAbsolutePath())
                // Tensors saved on another device (a GPU export) load onto the target device.
                .optOption("mapLocation", "true")
                .build()
                .loadModel();
      } catch (ModelNotFoundException | MalformedModelException e) {
        throw new InvalidModelException(
            file.getFileName() + ": TorchScript load failed: " + e.getMessage(), e);
      }
      int faceSize;
      try {
        faceSize = size != null ? size : GpenConfig.infer(parameterShapes(model)).size();
      } catch (InvalidModelException e) {
        model.close();
        throw new InvalidModelException(
            file.getFileName()
                + ": TorchScript module is not a recognisable GPEN; give the face size explicitly",
            e);
      }
      return new GpenModel(model, faceSize, id, Precision.FP32);
    }

    private void checkSize(int actual) throws InvalidModelException {
      if (size != null && size != actual) {
        throw new InvalidModelException(
            file.getFileName() + " is GPEN-" + actual + ", not " + size);
      }
    }
  }

  private static Map<String, long[]> parameterShapes(Model model) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      Shape s = p.getValue().getArray().getShape();
      shapes.put(p.getKey(), s.getShape());
    }
    return shapes;
  }

  private static boolean isTorchScript(Path file) throws IOException {
    if (!PthReader.isZip(file)) {
      return false;
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.stream()
          .anyMatch(e -> e.getName().endsWith("/constants.pkl") || e.getName().contains("/code/"));
    }
  }
}
