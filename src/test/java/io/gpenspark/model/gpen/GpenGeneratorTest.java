package io.gpenspark.model.gpen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.gpenspark.model.pth.PthReader;
import io.gpenspark.model.pth.StateDict;
import io.gpenspark.testing.SharedFiles;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpenGeneratorTest {

  @Test
  void aForwardLeavesOnlyItsOutputBehind() throws Exception {
    StateDict dict =
        PthReader.read(
            SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth"),
            Optional.empty());
    try (NDManager root = NDManager.newBaseManager("PyTorch");
        NDManager weights = root.newSubManager();
        NDManager caller = root.newSubManager()) {
      GpenGenerator generator = new GpenGenerator(dict, GpenConfig.infer(dict.shapes()), weights);
      int weightArrays = managed(weights);
      NDArray faces = caller.randomUniform(-1, 1, new Shape(2, 3, 64, 64));

      NDArray out =
          generator
              .forward(new ParameterStore(caller, false), new NDList(faces), false)
              .singletonOrThrow();

      assertEquals(new Shape(2, 3, 64, 64), out.getShape());
      assertEquals(weightArrays, managed(weights), "arrays added to the weights' manager");
      assertEquals(
          2, managed(caller), "arrays left in the caller's manager besides input and output");
    }
  }

  private static int managed(NDManager manager) {
    return ((BaseNDManager) manager).getManagedArrays().size();
  }
}
