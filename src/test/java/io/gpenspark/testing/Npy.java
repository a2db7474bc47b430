package io.gpenspark.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads little-endian float32, C-order .npy files (NumPy format versions 1 to 3). */
public final class Npy {
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** A float32 array and its shape. */
  public record Array(long[] shape, float[] data) {}

  public static Array read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    b.get(magic);
    if (!Arrays.equals(magic, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'})) {
      throw new IOException(file + ": not a .npy file");
    }
    int major = b.get();
    b.get();
    int headerLength = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
    byte[] header = new byte[headerLength];
    b.get(header);
    String h = new String(header, StandardCharsets.ISO_8859_1);
    if (!h.contains("'descr': '<f4'") || !h.contains("'fortran_order': False")) {
      throw new IOException(
          file + ": only little-endian float32 C-order arrays are supported: " + h);
    }
    Matcher m = SHAPE.matcher(h);
    if (!m.find()) {
      throw new IOException(file + ": no shape in header " + h);
    }
    long[] shape =
        Arrays.stream(m.group(1).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    float[] data = new float[(int) Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
    b.asFloatBuffer().get(data);
    return new Array(shape, data);
  }
}
