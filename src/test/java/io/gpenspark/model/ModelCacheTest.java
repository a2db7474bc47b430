package io.gpenspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gpenspark.testing.Npy;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One GPEN per model identity per JVM: shared while leased, kept for the rest of its run, closed
 * when the run ends or a task of another run asks for a model.
 */
class ModelCacheTest {
  private static final Path DIR = SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25");

  private static FaceModel load() {
    try {
      return FaceModels.load(DIR.resolve("weights.pth"), Optional.empty(), null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void forward(ModelCache.Lease<FaceModel> lease) throws Exception {
    lease.get().restore(Npy.read(DIR.resolve("input.npy")).data(), 1);
  }

  @AfterEach
  void empty() {
    ModelCache.releaseIdle();
  }

  @Test
  void sameKeySameModelAndIdleModelsStayForTheirRun() throws Exception {
    ModelCache.Lease<FaceModel> a = ModelCache.acquire("gpen-64", "run-1", ModelCacheTest::load);
    ModelCache.Lease<FaceModel> b =
        ModelCache.acquire(
            "gpen-64",
            "run-1",
            () -> {
              throw new AssertionError("loaded twice");
            });
    assertSame(a.get(), b.get());
    a.close();
    b.close();
    ModelCache.Lease<FaceModel> c =
        ModelCache.acquire(
            "gpen-64",
            "run-1",
            () -> {
              throw new AssertionError("an idle model of the same run is reused");
            });
    forward(c);
    c.close();
    assertEquals(1, ModelCache.loaded());
  }

  @Test
  void theRunsEndOrAnotherRunClosesIdleModels() throws Exception {
    ModelCache.Lease<FaceModel> first =
        ModelCache.acquire("gpen-64", "run-1", ModelCacheTest::load);
    FaceModel model = first.get();
    first.close();
    ModelCache.acquire("gpen-64-again", "run-2", ModelCacheTest::load).close();
    assertThrows(
        IllegalStateException.class, () -> model.restore(new float[3 * 64 * 64], 1), "closed");
    assertEquals(1, ModelCache.loaded());
    ModelCache.releaseIdle();
    assertEquals(0, ModelCache.loaded());
  }

  @Test
  void aLeasedModelIsNeverClosedUnderItsUser() throws Exception {
    ModelCache.Lease<FaceModel> held = ModelCache.acquire("gpen-64", "run-1", ModelCacheTest::load);
    ModelCache.releaseIdle();
    ModelCache.acquire("other", "run-2", ModelCacheTest::load).close();
    forward(held);
    held.close();
  }
}
