package io.gpenspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {

  @Test
  void defaultsComeFromReferenceConf() {
    JobConfig c = JobConfig.load(null, Map.of());
    ConfigReader r = c.reader();
    assertEquals(1024, r.intAtLeast("preprocess.resize.short-edge", 1));
    assertFalse(r.bool("preprocess.face-crop.enabled"), "face crop is off by default");
    assertEquals(0.3, r.positiveDouble("postprocess.blend.sigma"));
    assertEquals(0.8, r.doubleIn("postprocess.blend.weight", 0, 1));
    assertEquals(2.0, r.positiveDouble("preprocess.clahe.clip-limit"));
  }

  @Test
  void overridesAreTypedAndSparkKeysPassThrough() {
    JobConfig c = JobConfig.load(null, Map.of(
        "preprocess.resize.short-edge", "512",
        "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
        "spark.executor.resource.gpu.amount", "1"));
    assertEquals(512, c.reader().intAtLeast("preprocess.resize.short-edge", 1));
    assertEquals("http://127.0.0.1:9000", c.sparkSettings().get("spark.hadoop.fs.s3a.endpoint"));
    assertEquals("1", c.sparkSettings().get("spark.executor.resource.gpu.amount"));
  }

  @Test
  void unknownKeyStopsWithItsName() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> JobConfig.load(null, Map.of("preprocess.resize.shortedge", "512")));
    assertTrue(e.getMessage().contains("preprocess.resize.shortedge"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void unknownKeyInFileStopsToo(@TempDir Path dir) throws Exception {
    File f = dir.resolve("a.conf").toFile();
    Files.writeString(f.toPath(), "postprocess { blend { sigmaa = 1 } }\n");
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> JobConfig.load(f, Map.of()));
    assertTrue(e.getMessage().contains("postprocess.blend.sigmaa"), e.getMessage());
  }

  @Test
  void badValueNamesTheKey() {
    JobConfig c = JobConfig.load(null, Map.of("preprocess.resize.short-edge", "-3"));
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> c.reader().intAtLeast("preprocess.resize.short-edge", 1));
    assertTrue(e.getMessage().contains("preprocess.resize.short-edge"), e.getMessage());
    JobConfig t = JobConfig.load(null, Map.of("preprocess.enabled", "maybe"));
    e = assertThrows(InvalidConfigException.class, () -> t.reader().bool("preprocess.enabled"));
    assertTrue(e.getMessage().contains("preprocess.enabled"), e.getMessage());
  }

  @Test
  void missingFileIsAConfigError() {
    assertThrows(InvalidConfigException.class, () -> JobConfig.load(new File("no/such.conf"), Map.of()));
  }

  @Test
  void hashFollowsPixelSettingsOnly() {
    String base = JobConfig.load(null, Map.of()).hash();
    assertEquals(base, JobConfig.load(null, Map.of("input.uri", "/a", "spark.executor.memory", "8g")).hash());
    assertNotEquals(base, JobConfig.load(null, Map.of("postprocess.blend.weight", "0.9")).hash());
  }

  @Test
  void applicationConfShipsOnlyKnownKeys() {
    JobConfig.load(new File("conf/application.conf"), Map.of());
  }

  @Test
  void survivesSerialization() throws Exception {
    JobConfig c = JobConfig.load(null, Map.of("preprocess.resize.short-edge", "640"));
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      JobConfig back = (JobConfig) in.readObject();
      assertEquals(640, back.reader().intAtLeast("preprocess.resize.short-edge", 1));
      assertEquals(c.hash(), back.hash());
    }
  }
}
