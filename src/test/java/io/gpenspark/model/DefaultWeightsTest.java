package io.gpenspark.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which GPEN file a job uses when model.path is not set: the one in models/, or a one-line refusal.
 */
class DefaultWeightsTest {
  @TempDir Path models;

  /**
   * What models/ holds besides weights: the card, the fetch script, YuNet and a partial download.
   */
  private void notWeights() throws Exception {
    Files.writeString(models.resolve("README.md"), "# Models");
    Files.writeString(models.resolve("fetch"), "#!/usr/bin/env bash");
    Files.write(models.resolve("face_detection_yunet_2023mar.onnx"), new byte[] {1});
    Files.write(models.resolve(".GPEN-BFR-512.pth.Ab12Cd"), new byte[] {1});
  }

  private InvalidConfigException refused(Path folder) {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> DefaultWeights.in(folder));
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertTrue(
        e.getMessage().startsWith("configuration key 'model.path' is not set"), e.getMessage());
    return e;
  }

  @Test
  void theOneWeightsFileIsUsed() throws Exception {
    notWeights();
    Path weights = Files.write(models.resolve("GPEN-BFR-512.pth"), new byte[] {1});
    assertEquals(weights.toAbsolutePath().toString(), DefaultWeights.in(models));
  }

  @Test
  void aTorchScriptFileCountsToo() throws Exception {
    Path weights = Files.write(models.resolve("traced.pt"), new byte[] {1});
    assertEquals(weights.toAbsolutePath().toString(), DefaultWeights.in(models));
  }

  @Test
  void noneSaysHowToGetThem() throws Exception {
    notWeights();
    assertTrue(refused(models).getMessage().contains("`models/fetch GPEN-BFR-512`"));
    assertTrue(
        refused(models.resolve("missing")).getMessage().contains("`models/fetch GPEN-BFR-512`"));
  }

  @Test
  void severalAreListedAndModelPathAskedFor() throws Exception {
    notWeights();
    Files.write(models.resolve("GPEN-BFR-512.pth"), new byte[] {1});
    Files.write(models.resolve("GPEN-BFR-256.pth"), new byte[] {1});
    Files.write(models.resolve("mine.pt"), new byte[] {1});
    String m = refused(models).getMessage();
    assertTrue(m.contains("(GPEN-BFR-256.pth, GPEN-BFR-512.pth, mine.pt)"), m);
    assertTrue(m.contains("set model.path"), m);
  }
}
