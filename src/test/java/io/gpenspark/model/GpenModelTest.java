package io.gpenspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.Npy;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batching, threading and lifecycle of a GPEN FaceModel (on the 64-pixel fixture). */
@IntegrationTest
class GpenModelTest {
  private static FaceModel model;
  private static float[] face;
  private static float[] restored;

  @BeforeAll
  static void load() throws Exception {
    Path dir = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");
    model = FaceModels.load(dir.resolve("weights.pth"), Optional.empty(), Device.cpu());
    face = Npy.read(dir.resolve("input.npy")).data();
    restored = model.restore(face, 1);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void aBatchRestoresEachFaceAsAlone() {
    float[] other = mirrored(face);
    float[] batch = new float[2 * face.length];
    System.arraycopy(other, 0, batch, 0, face.length);
    System.arraycopy(face, 0, batch, face.length, face.length);

    float[] both = model.restore(batch, 2);
    float[] otherAlone = model.restore(other, 1);

    assertEquals(batch.length, both.length);
    for (int i = 0; i < face.length; i++) {
      assertEquals(otherAlone[i], both[i], 1e-5, "face 0 at " + i);
      assertEquals(restored[i], both[face.length + i], 1e-5, "face 1 at " + i);
    }
  }

  @Test
  void threadsShareTheModel() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<float[]>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        results.add(pool.submit(() -> model.restore(face, 1)));
      }
      for (Future<float[]> r : results) {
        float[] out = r.get();
        for (int i = 0; i < out.length; i++) {
          assertEquals(restored[i], out[i], 1e-6);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void refusesABatchOfTheWrongLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.restore(face, 2));
    assertTrue(e.getMessage().contains("3x64x64"), e.getMessage());
  }

  @Test
  void aClosedModelRefusesWork() throws Exception {
    Path dir = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");
    FaceModel closed = FaceModels.builder(dir.resolve("weights.pth")).size(64).build();
    closed.restore(face, 1);
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.restore(face, 1));
  }

  @Test
  void refusesAWrongExpectedSize() {
    Path dir = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");
    InvalidModelException e =
        assertThrows(
            InvalidModelException.class,
            () -> FaceModels.builder(dir.resolve("weights.pth")).size(512).build());
    assertTrue(e.getMessage().contains("GPEN-64"), e.getMessage());
  }

  /** The face flipped left-right, NCHW. */
  private static float[] mirrored(float[] nchw) {
    int size = 64;
    float[] out = new float[nchw.length];
    for (int row = 0; row < 3 * size; row++) {
      for (int x = 0; x < size; x++) {
        out[row * size + x] = nchw[row * size + size - 1 - x];
      }
    }
    return out;
  }
}
