package io.gpenspark.model.gpen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.model.InvalidModelException;
import io.gpenspark.model.pth.PthReader;
import io.gpenspark.model.pth.StateDict;
import io.gpenspark.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GpenConfigTest {

  @ParameterizedTest
  @ValueSource(strings = {"gpen-64-cm1-n0.25", "gpen-128-cm2-n0.125"})
  void infersTheFixtureConfiguration(String fixture) throws IOException {
    Path dir = SharedFiles.path("testdata/gpen-fixtures/" + fixture);
    String json = Files.readString(dir.resolve("fixture.json"));
    StateDict dict = PthReader.read(dir.resolve("weights.pth"), Optional.empty());

    GpenConfig config = GpenConfig.infer(dict.shapes());

    assertEquals(number(json, "size"), config.size());
    assertEquals(number(json, "channel_multiplier"), config.channelMultiplier());
    assertEquals(number(json, "narrow"), config.narrow());
    config.verify(dict.shapes());
    assertEquals(number(json, "params"), parameterCount(config));
  }

  @ParameterizedTest
  @CsvSource({"256, 1, 0.5", "512, 2, 1", "1024, 2, 1", "32, 2, 0.5"})
  void infersTheReleasedLayouts(int size, int multiplier, double narrow)
      throws InvalidModelException {
    GpenConfig config = new GpenConfig(size, multiplier, narrow);
    assertEquals(config, GpenConfig.infer(config.expectedShapes()));
  }

  @Test
  void namesAMissingKey() {
    Map<String, long[]> shapes = new GpenConfig(256, 1, 0.5).expectedShapes();
    shapes.remove("generator.convs.3.noise.weight");
    assertRefusalNames("generator.convs.3.noise.weight", shapes);
  }

  @Test
  void namesAMisshapedKey() {
    Map<String, long[]> shapes = new GpenConfig(256, 1, 0.5).expectedShapes();
    shapes.put("ecd2.0.1.weight", new long[] {256, 128, 3, 3});
    assertRefusalNames("ecd2.0.1.weight", shapes);
  }

  @Test
  void namesAnUnexpectedKey() {
    Map<String, long[]> shapes = new LinkedHashMap<>(new GpenConfig(256, 1, 0.5).expectedShapes());
    shapes.put("generator.noises.noise_0", new long[] {1, 1, 4, 4});
    assertRefusalNames("generator.noises.noise_0", shapes);
  }

  @Test
  void refusesAStateDictWithoutGpenLayout() {
    Map<String, long[]> shapes = Map.of("conv.weight", new long[] {3, 3, 1, 1});
    assertThrows(InvalidModelException.class, () -> GpenConfig.infer(shapes));
  }

  private static void assertRefusalNames(String key, Map<String, long[]> shapes) {
    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> GpenConfig.infer(shapes).verify(shapes));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
  }

  /** Learnable parameters: every entry except the blur kernels, which are buffers. */
  private static long parameterCount(GpenConfig config) {
    long count = 0;
    for (Map.Entry<String, long[]> e : config.expectedShapes().entrySet()) {
      if (!e.getKey().endsWith("kernel")) {
        long n = 1;
        for (long d : e.getValue()) {
          n *= d;
        }
        count += n;
      }
    }
    return count;
  }

  private static double number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\":\\s*([0-9.eE+-]+)").matcher(json);
    assertTrue(m.find(), key);
    return Double.parseDouble(m.group(1));
  }
}
