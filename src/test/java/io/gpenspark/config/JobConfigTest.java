package io.gpenspark.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
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
    JobConfig c =
        JobConfig.load(
            null,
            Map.of(
                "preprocess.resize.short-edge", "512",
                "spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:9000",
                "spark.executor.resource.gpu.amount", "1"));
    assertEquals(512, c.reader().intAtLeast("preprocess.resize.short-edge", 1));
    assertEquals("http://127.0.0.1:9000", c.sparkSettings().get("spark.hadoop.fs.s3a.endpoint"));
    assertEquals("1", c.sparkSettings().get("spark.executor.resource.gpu.amount"));
  }

  @Test
  void unknownKeyStopsWithItsName() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> JobConfig.load(null, Map.of("preprocess.resize.shortedge", "512")));
    assertEquals(
        "unknown configuration key 'preprocess.resize.shortedge' (did you mean 'preprocess.resize.short-edge'?)",
        e.getMessage());
  }

  @Test
  void unknownKeySuggestsTheNearestKnownOne() {
    assertEquals(
        "unknown configuration key 'preprocess.resize.short-egde' (did you mean 'preprocess.resize.short-edge'?)",
        unknown("preprocess.resize.short-egde"));
    assertEquals(
        "unknown configuration key 'preprocess.resise.enabled' (did you mean 'preprocess.resize.enabled'?)",
        unknown("preprocess.resise.enabled"));
    assertEquals(
        "unknown configuration key 'detect.scoreThreshold' (did you mean 'detect.score-threshold'?)",
        unknown("detect.scoreThreshold"));
    // Its section left out, or put in the wrong one.
    assertEquals(
        "unknown configuration key 'resize.enabled' (did you mean 'preprocess.resize.enabled'?)",
        unknown("resize.enabled"));
    assertEquals(
        "unknown configuration key 'preprocess.short-edge' (did you mean 'preprocess.resize.short-edge'?)",
        unknown("preprocess.short-edge"));
    // Not a path at all, yet near one.
    assertEquals(
        "unknown configuration key 'preprocess..resize.enabled' (did you mean 'preprocess.resize.enabled'?)",
        unknown("preprocess..resize.enabled"));
  }

  @Test
  void noSuggestionWhenNothingIsClose() {
    assertEquals(
        "unknown configuration key 'colour.boost'; see reference.conf for the known keys",
        unknown("colour.boost"));
    // A dozen keys end in "enabled": none is a better guess than another.
    assertEquals(
        "unknown configuration key 'foo.enabled'; see reference.conf for the known keys",
        unknown("foo.enabled"));
    // A replaced last word is not a typo, however long the section before it.
    assertEquals(
        "unknown configuration key 'postprocess.high-frequency.foo'; see reference.conf for the known keys",
        unknown("postprocess.high-frequency.foo"));
  }

  @Test
  void unknownKeyInFileStopsToo(@TempDir Path dir) throws Exception {
    File f = dir.resolve("a.conf").toFile();
    assertEquals(
        "unknown configuration key 'postprocess.blend.sigmaa' in "
            + f
            + " line 2"
            + " (did you mean 'postprocess.blend.sigma'?)",
        fileRefusal(f, "postprocess {\n  blend { sigmaa = 1 }\n}\n"));
    // A null is left out of the library's entrySet: still refused.
    assertEquals(
        "unknown configuration key 'job.run-idd' in " + f + " line 1 (did you mean 'job.run-id'?)",
        fileRefusal(f, "job.run-idd = null\n"));
  }

  @Test
  void badValueIsEchoedWithWhatIsExpected() {
    String edge = "preprocess.resize.short-edge";
    assertEquals(
        "configuration key 'preprocess.resize.short-edge' = 'abc': expected a whole number >= 1",
        refusal(edge, "abc", (r, k) -> r.intAtLeast(k, 1)));
    assertEquals(
        "configuration key 'preprocess.resize.short-edge' = '-3': expected a whole number >= 1",
        refusal(edge, "-3", (r, k) -> r.intAtLeast(k, 1)));
    // The library would cut 1.5 to 1 without a word.
    assertEquals(
        "configuration key 'preprocess.resize.short-edge' = '1.5': expected a whole number >= 1",
        refusal(edge, "1.5", (r, k) -> r.intAtLeast(k, 1)));
    assertEquals(
        "configuration key 'preprocess.resize.short-edge' = '99999999999': expected a whole number >= 1"
            + " and <= 2147483647",
        refusal(edge, "99999999999", (r, k) -> r.intAtLeast(k, 1)));
    assertEquals(
        "configuration key 'restore.batch-images' = '33': expected a whole number from 1 to 32",
        refusal("restore.batch-images", "33", (r, k) -> r.intIn(k, 1, 32)));
    assertEquals(
        "configuration key 'input.max-pixels' = 'lots': expected a whole number >= 1",
        refusal("input.max-pixels", "lots", (r, k) -> r.longAtLeast(k, 1)));
    assertEquals(
        "configuration key 'postprocess.blend.weight' = 'soft': expected a number from 0 to 1",
        refusal("postprocess.blend.weight", "soft", (r, k) -> r.doubleIn(k, 0, 1)));
    // Numbers come back as the library read them: 0.25 as typed, 0.20 would read 0.2.
    assertEquals(
        "configuration key 'restore.mask-feather' = '0.25': expected a number from 0 to 0.15",
        refusal("restore.mask-feather", "0.25", (r, k) -> r.doubleIn(k, 0, 0.15)));
    assertEquals(
        "configuration key 'postprocess.blend.sigma' = '0': expected a number > 0",
        refusal("postprocess.blend.sigma", "0", (r, k) -> r.positiveDouble(k)));
    assertEquals(
        "configuration key 'preprocess.enabled' = 'maybe': expected true or false",
        refusal("preprocess.enabled", "maybe", (r, k) -> r.bool(k)));
    assertEquals(
        "configuration key 'preprocess.enabled' = '1': expected true or false",
        refusal("preprocess.enabled", "1", (r, k) -> r.bool(k)));
    assertEquals(
        "configuration key 'output.format' = 'GIF': expected one of same | png | jpg",
        refusal("output.format", "GIF", (r, k) -> r.oneOf(k, "same", "png", "jpg")));
    assertEquals(
        "configuration key 'output.format' = '[png, jpg]': expected one of same | png | jpg",
        refusal("output.format", "[png, jpg]", (r, k) -> r.oneOf(k, "same", "png", "jpg")));
    assertEquals(
        "configuration key 'input.extensions' = 'jpg': expected a list in brackets, e.g. [a, b]",
        refusal("input.extensions", "jpg", (r, k) -> r.stringList(k)));
    assertEquals(
        "configuration key 'postprocess.high-frequency.regions' = '[[eyes], lips]': expected a list in"
            + " brackets, e.g. [a, b]",
        refusal("postprocess.high-frequency.regions", "[[eyes], lips]", (r, k) -> r.stringList(k)));
    assertEquals(
        "configuration key 'detect.model' = '[a.onnx]': expected text",
        refusal("detect.model", "[a.onnx]", (r, k) -> r.string(k)));
    assertEquals(
        "configuration key 'model.path' is required",
        refusal("model.path", "\" \"", (r, k) -> r.string(k)));
  }

  @Test
  void badValueInFileNamesTheFileAndLine(@TempDir Path dir) throws Exception {
    File f = dir.resolve("a.conf").toFile();
    Files.writeString(f.toPath(), "preprocess {\n  clahe.clip-limit = high\n  enabled = 2\n}\n");
    ConfigReader r = JobConfig.load(f, Map.of()).reader();
    assertEquals(
        "configuration key 'preprocess.clahe.clip-limit' = 'high' in "
            + f
            + " line 2: expected a number > 0",
        assertThrows(
                InvalidConfigException.class, () -> r.positiveDouble("preprocess.clahe.clip-limit"))
            .getMessage());
    assertEquals(
        "configuration key 'preprocess.enabled' = '2' in " + f + " line 3: expected true or false",
        assertThrows(InvalidConfigException.class, () -> r.bool("preprocess.enabled"))
            .getMessage());
    // --set wins over the file, and its value has no file to name.
    ConfigReader set = JobConfig.load(f, Map.of("preprocess.enabled", "nope")).reader();
    assertEquals(
        "configuration key 'preprocess.enabled' = 'nope': expected true or false",
        assertThrows(InvalidConfigException.class, () -> set.bool("preprocess.enabled"))
            .getMessage());
  }

  @Test
  void aValueCannotReplaceASection() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> JobConfig.load(null, Map.of("preprocess.resize", "5")));
    assertEquals(
        "configuration key 'preprocess.resize' = '5': expected a section of keys, not a value",
        e.getMessage());
  }

  @Test
  void parseErrorNamesTheFileOnceWithItsLine(@TempDir Path dir) throws Exception {
    File f = dir.resolve("broken.conf").toFile();
    String m = fileRefusal(f, "preprocess {\n  resize.short-edge = [1,\n}\n");
    assertTrue(m.startsWith("cannot parse " + f + " line 3: "), m);
    assertEquals(m.indexOf(f.toString()), m.lastIndexOf(f.toString()), "the file once: " + m);
    assertFalse(m.contains("\n"), m);
  }

  @Test
  void unresolvableSubstitutionIsAConfigError(@TempDir Path dir) throws Exception {
    File f = dir.resolve("subst.conf").toFile();
    // The library's own exception used to escape here, not one line.
    String m = fileRefusal(f, "preprocess.resize = ${nowhere}\n");
    assertTrue(m.startsWith("cannot resolve the configuration in " + f + " line 1: "), m);
    assertTrue(m.contains("${nowhere}"), m);
  }

  @Test
  void noLibraryJargonInAnyMessage(@TempDir Path dir) throws Exception {
    File f = dir.resolve("a.conf").toFile();
    Files.writeString(f.toPath(), "postprocess.blend.weight = heavy\n");
    List<String> messages =
        List.of(
            unknown("preprocess.resize.short-egde"),
            refusal("preprocess.resize.short-edge", "abc", (r, k) -> r.intAtLeast(k, 1)),
            refusal("preprocess.resize.short-edge", "99999999999", (r, k) -> r.intAtLeast(k, 1)),
            refusal("postprocess.high-frequency.regions", "[[eyes]]", (r, k) -> r.stringList(k)),
            assertThrows(
                    InvalidConfigException.class,
                    () ->
                        JobConfig.load(f, Map.of())
                            .reader()
                            .doubleIn("postprocess.blend.weight", 0, 1))
                .getMessage());
    for (String m : messages) {
      for (String jargon :
          List.of(
              "String: 1",
              "from String",
              "hardcoded value",
              "merge of",
              "has type",
              "rather than",
              "reference.conf @",
              "a.conf: 1")) {
        assertFalse(m.contains(jargon), jargon + " in: " + m);
      }
      assertFalse(m.contains("\n"), m);
    }
  }

  @Test
  void missingFileIsAConfigError() {
    assertThrows(
        InvalidConfigException.class, () -> JobConfig.load(new File("no/such.conf"), Map.of()));
  }

  @Test
  void hashFollowsPixelSettingsOnly() {
    String base = JobConfig.load(null, Map.of()).hash();
    assertEquals(
        base,
        JobConfig.load(null, Map.of("input.uri", "/a", "spark.executor.memory", "8g")).hash());
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
    try (var in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      JobConfig back = (JobConfig) in.readObject();
      assertEquals(640, back.reader().intAtLeast("preprocess.resize.short-edge", 1));
      assertEquals(c.hash(), back.hash());
    }
  }

  /** The line loading {@code f}, written with {@code text}, stops with. */
  private static String fileRefusal(File f, String text) throws Exception {
    Files.writeString(f.toPath(), text);
    return assertThrows(InvalidConfigException.class, () -> JobConfig.load(f, Map.of()))
        .getMessage();
  }

  private static String unknown(String key) {
    return assertThrows(InvalidConfigException.class, () -> JobConfig.load(null, Map.of(key, "5")))
        .getMessage();
  }

  /**
   * The line a value given as {@code --set key=value} gets from the reader method the job uses for
   * it.
   */
  private static String refusal(String key, String value, BiConsumer<ConfigReader, String> read) {
    ConfigReader r = JobConfig.load(null, Map.of(key, value)).reader();
    return assertThrows(InvalidConfigException.class, () -> read.accept(r, key)).getMessage();
  }
}
