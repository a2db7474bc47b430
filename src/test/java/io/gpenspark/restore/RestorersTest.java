package io.gpenspark.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import io.gpenspark.config.ConfigReader;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.model.DefaultWeights;
import io.gpenspark.model.ModelSettings;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorersTest {
  static final String WEIGHTS =
      SharedFiles.path("testdata/gpen-fixtures/gpen-64-cm1-n0.25/weights.pth").toString();
  static final String WEIGHTS_SHA256 =
      "3aca86c7a4e188bcc79fcf3a076128316c59a26af5381af76b3afbaacae8fbf1";

  @TempDir Path cache;

  @BeforeAll
  static void opencv() {
    OpenCv.load();
  }

  private ConfigReader config(String... keys) {
    Map<String, String> overrides =
        new HashMap<>(Map.of("model.cache-dir", cache.toString(), "model.device", "cpu"));
    for (int i = 0; i < keys.length; i += 2) {
      overrides.put(keys[i], keys[i + 1]);
    }
    return JobConfig.load(null, overrides).reader();
  }

  /** The restorer as a pipeline makes it (settings first, then the model). */
  private static Restorer create(ConfigReader cfg) {
    return Restorers.create(
        RestoreSettings.from(cfg), ModelSettings.from(cfg), new Configuration(), "test");
  }

  private InvalidConfigException refused(String... keys) {
    return assertThrows(InvalidConfigException.class, () -> create(config(keys)));
  }

  @Test
  void restorationOffIsTheIdentity() {
    try (Restorer r = create(config("restore.enabled", "false"))) {
      assertInstanceOf(IdentityRestorer.class, r);
    }
  }

  @Test
  void gpenWithTheWeightsAtModelPath() {
    try (Restorer r = create(config("model.path", WEIGHTS, "model.sha256", WEIGHTS_SHA256))) {
      assertInstanceOf(GpenRestorer.class, r);
      assertEquals("weights.pth sha256:" + WEIGHTS_SHA256, r.modelId());
    }
  }

  @Test
  void gpenWeightsFromAHadoopUriAreCopiedToTheCache() {
    try (Restorer r = create(config("model.path", "file://" + WEIGHTS))) {
      assertTrue(r.modelId().startsWith("weights.pth sha256:"), r.modelId());
    }
  }

  @Test
  void noModelPathAndNoWeightsInModelsSaysHowToGetThem() {
    // The default looks in the working directory's models/ (the repository root under Maven).
    Assumptions.assumeFalse(
        hasWeights(DefaultWeights.FOLDER), "models/ holds GPEN weights in this checkout");
    InvalidConfigException e = refused();
    assertTrue(
        e.getMessage().startsWith("configuration key 'model.path' is not set and models/"),
        e.getMessage());
    assertTrue(e.getMessage().contains("models/fetch GPEN-BFR-512"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  private static boolean hasWeights(Path folder) {
    try (var files = Files.list(folder)) {
      return files.anyMatch(p -> p.toString().endsWith(".pth") || p.toString().endsWith(".pt"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aMissingFileSaysWhereToPutTheWeights() {
    InvalidConfigException e = refused("model.path", "/no/such/GPEN-BFR-512.pth");
    assertTrue(e.getMessage().contains("/no/such/GPEN-BFR-512.pth"), e.getMessage());
    assertTrue(e.getMessage().contains("models/fetch GPEN-BFR-512"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aWrongChecksumIsRefused() {
    InvalidConfigException e =
        refused("model.path", WEIGHTS, "model.sha256", "00" + WEIGHTS_SHA256.substring(2));
    assertTrue(e.getMessage().contains(WEIGHTS_SHA256), e.getMessage());
  }

  @Test
  void aFileThatIsNotGpenIsRefusedNamingTheKey() {
    InvalidConfigException e = refused("model.path", SharedFiles.yunet().toString());
    assertTrue(e.getMessage().startsWith("configuration key 'model.path'"), e.getMessage());
  }

  @Test
  void badRestoreSettingsAreRefusedBeforeTheModelLoads() {
    assertTrue(
        refused("model.path", WEIGHTS, "restore.template", "arcface")
            .getMessage()
            .contains("'restore.template'"));
    assertTrue(
        refused("model.path", WEIGHTS, "restore.mask-feather", "0.5")
            .getMessage()
            .contains("'restore.mask-feather'"));
    assertTrue(
        refused("model.path", WEIGHTS, "restore.output-rounding", "ceil")
            .getMessage()
            .contains("'restore.output-rounding'"));
  }

  @Test
  void gpuWithoutAGpuIsRefused() {
    Assumptions.assumeTrue(
        Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
    assertTrue(
        refused("model.path", WEIGHTS, "model.device", "gpu")
            .getMessage()
            .contains("'model.device'"));
  }
}
