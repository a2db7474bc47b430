package io.gpenspark.model.pth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.model.InvalidModelException;
import io.gpenspark.testing.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PthReaderTest {
  @TempDir Path tmp;

  @Test
  void zipAndLegacyFormatsHoldTheSameTensors() throws IOException {
    Path dir = SharedFiles.path("testdata/gpen-fixtures/gpen-128-cm2-n0.125");
    StateDict zip = PthReader.read(dir.resolve("weights.pth"), Optional.empty());
    StateDict legacy = PthReader.read(dir.resolve("weights-legacy.pth"), Optional.empty());
    assertEquals(zip.tensors().keySet(), legacy.tensors().keySet());
    for (Map.Entry<String, FloatTensor> e : zip.tensors().entrySet()) {
      FloatTensor other = legacy.get(e.getKey());
      assertArrayEquals(e.getValue().shape(), other.shape(), e.getKey());
      assertArrayEquals(e.getValue().data(), other.data(), e.getKey());
    }
    assertArrayEquals(new long[] {1, 64, 64, 3, 3}, zip.get("generator.conv1.conv.weight").shape());
  }

  @Test
  void readsNestedHalfTensorsWithOffsetAndStride() throws IOException {
    // Storage of 5 halves 0..4; "t" is its transposed 2x2 view starting at element 1:
    // [[1, 3], [2, 4]] (stride (1, 2)).
    byte[] pickle =
        new PickleBytes()
            .proto(2)
            .op('}')
            .str("g_ema")
            .global("collections", "OrderedDict")
            .op(')')
            .op('R')
            .op('(')
            .str("t")
            .tensor("HalfStorage", "0", 5, 1, new int[] {2, 2}, new int[] {1, 2})
            .op('u')
            .op('s')
            .stop();
    ByteBuffer halves = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    for (short h : new short[] {0x0000, 0x3c00, 0x4000, 0x4200, 0x4400}) {
      halves.putShort(h);
    }
    Path file = writeZip("nested", pickle, Map.of("0", halves.array()));

    StateDict dict = PthReader.read(file, Optional.of("g_ema"));
    FloatTensor t = dict.get("t");
    assertArrayEquals(new long[] {2, 2}, t.shape());
    assertArrayEquals(new float[] {1, 3, 2, 4}, t.data());

    InvalidModelException noKey =
        assertThrows(
            InvalidModelException.class, () -> PthReader.read(file, Optional.of("params_ema")));
    assertTrue(noKey.getMessage().contains("params_ema"), noKey.getMessage());
    InvalidModelException notFlat =
        assertThrows(InvalidModelException.class, () -> PthReader.read(file, Optional.empty()));
    assertTrue(notFlat.getMessage().contains("'g_ema' is not a tensor"), notFlat.getMessage());
  }

  @Test
  void refusesATensorThatReachesPastItsStorage() throws IOException {
    byte[] pickle =
        new PickleBytes()
            .proto(2)
            .global("collections", "OrderedDict")
            .op(')')
            .op('R')
            .op('(')
            .str("w")
            .tensor("FloatStorage", "0", 4, 2, new int[] {3}, new int[] {1})
            .op('u')
            .stop();
    Path file = writeZip("short", pickle, Map.of("0", new byte[16]));
    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> PthReader.read(file, Optional.empty()));
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());
  }

  @Test
  void convertsHalfValues() {
    assertEquals(1.0f, StorageType.halfToFloat((short) 0x3c00));
    assertEquals(-2.0f, StorageType.halfToFloat((short) 0xc000));
    assertEquals(65504f, StorageType.halfToFloat((short) 0x7bff));
    assertEquals(0x1p-24f, StorageType.halfToFloat((short) 0x0001));
    assertEquals(Float.NEGATIVE_INFINITY, StorageType.halfToFloat((short) 0xfc00));
    assertTrue(Float.isNaN(StorageType.halfToFloat((short) 0x7e00)));
  }

  @Test
  void refusesOsSystemWithoutRunningIt() throws IOException {
    Path marker = tmp.resolve("pwned");
    byte[] hostile =
        new PickleBytes()
            .proto(2)
            .global("os", "system")
            .str("touch " + marker)
            .op(0x85)
            .op('R')
            .stop();
    assertRefused(writeZip("hostile", hostile, Map.of()), "os.system");
    assertFalse(Files.exists(marker));
  }

  @Test
  void refusesBuiltinsEvalInALegacyCheckpoint() throws IOException {
    Path marker = tmp.resolve("pwned-legacy");
    byte[] hostile =
        new PickleBytes()
            .proto(2)
            .global("builtins", "eval")
            .str("__import__('os').system('touch " + marker + "')")
            .op(0x85)
            .op('R')
            .stop();
    assertRefused(writeLegacy(hostile), "builtins.eval");
    assertFalse(Files.exists(marker));
  }

  @Test
  void refusesGlobalsNamedOnTheStack() throws IOException {
    byte[] hostile =
        new PickleBytes()
            .proto(4)
            .str("subprocess")
            .str("check_call")
            .op(0x93)
            .op(')')
            .op('R')
            .stop();
    assertRefused(writeZip("stack-global", hostile, Map.of()), "subprocess.check_call");
  }

  @Test
  void refusesInstOpcode() throws IOException {
    byte[] hostile = new PickleBytes().op('(').str("id").op('i').ascii("os\nsystem\n").stop();
    assertRefused(writeZip("inst", hostile, Map.of()), "instantiates classes by name");
  }

  @Test
  void refusesFilesThatAreNotCheckpoints() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.pth"), "hello");
    assertRefused(file, "not a PyTorch checkpoint");
  }

  private static void assertRefused(Path file, String expectedInMessage) {
    InvalidModelException e =
        assertThrows(InvalidModelException.class, () -> PthReader.read(file, Optional.empty()));
    assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
  }

  private Path writeZip(String name, byte[] dataPkl, Map<String, byte[]> storages)
      throws IOException {
    Path file = tmp.resolve(name + ".pth");
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, name + "/data.pkl", dataPkl);
      for (Map.Entry<String, byte[]> s : storages.entrySet()) {
        put(zip, name + "/data/" + s.getKey(), s.getValue());
      }
      put(zip, name + "/version", "3\n".getBytes());
    }
    return file;
  }

  /**
   * Magic number, protocol 1001 and sys_info as torch's legacy writer emits them, then {@code
   * main}.
   */
  private Path writeLegacy(byte[] main) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        new PickleBytes()
            .proto(2)
            .long1(
                new byte[] {
                  0x6c,
                  (byte) 0xfc,
                  (byte) 0x9c,
                  0x46,
                  (byte) 0xf9,
                  0x20,
                  0x6a,
                  (byte) 0xa8,
                  0x50,
                  0x19
                })
            .stop());
    out.writeBytes(new PickleBytes().proto(2).integer(1001).stop());
    out.writeBytes(new PickleBytes().proto(2).op('}').str("little_endian").op(0x88).op('s').stop());
    out.writeBytes(main);
    Path file = tmp.resolve("legacy.pth");
    Files.write(file, out.toByteArray());
    return file;
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}
