package io.gpenspark.bench;

import io.gpenspark.model.gpen.GpenConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * GPEN weights for benchmarking: random values in the official state-dict layout (the golden
 * fixtures' recipe: randn everywhere, biases x0.1, noise weights x0.5, [1,3,3,1] blur kernels),
 * written as a {@code torch.save} zip checkpoint ({@code archive/data.pkl} plus one raw storage per
 * tensor), so the benchmark loads them exactly as the job loads the authors' files. Compute does
 * not depend on the values; only the shapes matter.
 */
public final class RandomGpen {
  private static final long SEED = 0;

  private RandomGpen() {}

  /**
   * The checkpoint for {@code config} in {@code dir}, written on first use (a few seconds and ~290
   * MB for GPEN-512) and reused afterwards: the name says configuration and seed.
   */
  public static Path checkpoint(GpenConfig config, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file =
        dir.resolve(
            String.format(
                java.util.Locale.ROOT,
                "random-gpen-%d-cm%d-n%s-seed%d.pth",
                config.size(),
                config.channelMultiplier(),
                narrowName(config.narrow()),
                SEED));
    if (!Files.isRegularFile(file)) {
      Path tmp = Files.createTempFile(dir, ".random-gpen-", ".part");
      try {
        write(config, tmp);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return file;
  }

  private static String narrowName(double narrow) {
    return narrow == Math.rint(narrow) ? Long.toString((long) narrow) : Double.toString(narrow);
  }

  /** Writes random weights for {@code config} to {@code file} in PyTorch's zip format. */
  public static void write(GpenConfig config, Path file) throws IOException {
    Map<String, long[]> shapes = config.expectedShapes();
    Pickle pickle = new Pickle();
    pickle.op(0x80).op(2).global("collections", "OrderedDict").op(')').op('R').op('(');
    int key = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      pickle.str(e.getKey()).tensor(Integer.toString(key++), e.getValue());
    }
    pickle.op('u').op('.');

    SplittableRandom random = new SplittableRandom(SEED);
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(new java.io.BufferedOutputStream(os, 1 << 20))) {
      stored(zip, "archive/data.pkl", pickle.bytes());
      stored(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
      key = 0;
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        float[] values = values(e.getKey(), e.getValue(), random);
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        stored(zip, "archive/data/" + key++, bytes.array());
      }
      stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static float[] values(String name, long[] shape, SplittableRandom random) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] v = new float[Math.toIntExact(n)];
    if (name.endsWith("kernel")) {
      // The blur of an upsampling layer carries the factor 4 (upsample_factor ** 2).
      float gain = name.contains(".conv.blur.") || name.contains(".upsample.") ? 4 : 1;
      int[] taps = {1, 3, 3, 1};
      for (int i = 0; i < 16; i++) {
        v[i] = gain * taps[i / 4] * taps[i % 4] / 64f;
      }
      return v;
    }
    float scale = name.endsWith("bias") ? 0.1f : name.endsWith("noise.weight") ? 0.5f : 1;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) gaussian(random) * scale;
    }
    return v;
  }

  /** Marsaglia's polar method (what java.util.Random does), on a SplittableRandom. */
  private static double gaussian(SplittableRandom random) {
    double v1;
    double v2;
    double s;
    do {
      v1 = 2 * random.nextDouble() - 1;
      v2 = 2 * random.nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    return v1 * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
  }

  private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    entry.setCompressedSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }

  /** The pickle opcodes torch.save writes for a state dict of float32 tensors (protocol 2). */
  private static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle op(int opcode) {
      out.write(opcode);
      return this;
    }

    Pickle global(String module, String name) {
      op('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Pickle str(String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      op('X');
      int32(utf8.length);
      out.writeBytes(utf8);
      return this;
    }

    Pickle integer(long v) {
      if (v >= 0 && v < 256) {
        return op('K').op((int) v);
      }
      if (v >= 0 && v < 65536) {
        return op('M').op((int) (v & 0xff)).op((int) (v >>> 8));
      }
      op('J');
      return int32(Math.toIntExact(v));
    }

    private Pickle int32(int v) {
      out.write(v);
      out.write(v >>> 8);
      out.write(v >>> 16);
      out.write(v >>> 24);
      return this;
    }

    /**
     * {@code _rebuild_tensor_v2(('storage', FloatStorage, key, 'cpu', numel), 0, size, stride,
     * False, OrderedDict())}, the storage as a persistent id.
     */
    Pickle tensor(String key, long[] shape) {
      long numel = 1;
      long[] stride = new long[shape.length];
      for (int i = shape.length - 1; i >= 0; i--) {
        stride[i] = numel;
        numel *= shape[i];
      }
      global("torch._utils", "_rebuild_tensor_v2").op('(');
      op('(').str("storage").global("torch", "FloatStorage").str(key).str("cpu").integer(numel);
      op('t').op('Q');
      integer(0);
      tuple(shape).tuple(stride);
      op(0x89).global("collections", "OrderedDict").op(')').op('R');
      return op('t').op('R');
    }

    private Pickle tuple(long[] values) {
      op('(');
      for (long v : values) {
        integer(v);
      }
      return op('t');
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
