package io.gpenspark.model.pth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, for checkpoints (benign and hostile) built inside tests. */
final class PickleBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleBytes proto(int version) {
    return op(0x80).op(version);
  }

  PickleBytes global(String module, String name) {
    return op('c').ascii(module + "\n" + name + "\n");
  }

  PickleBytes str(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    op('X');
    int n = utf8.length;
    out.write(n);
    out.write(n >>> 8);
    out.write(n >>> 16);
    out.write(n >>> 24);
    out.writeBytes(utf8);
    return this;
  }

  /** A small non-negative int (BININT1 or BININT2). */
  PickleBytes integer(int v) {
    if (v < 256) {
      return op('K').op(v);
    }
    return op('M').op(v & 0xff).op(v >>> 8);
  }

  /** LONG1 of little-endian two's-complement bytes. */
  PickleBytes long1(byte[] littleEndian) {
    op(0x8a).op(littleEndian.length);
    out.writeBytes(littleEndian);
    return this;
  }

  PickleBytes op(int opcode) {
    out.write(opcode);
    return this;
  }

  PickleBytes ascii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /**
   * {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())} with the
   * storage given as a persistent id ('storage', torch.<type>, key, 'cpu', elements).
   */
  PickleBytes tensor(
      String storageType, String key, int elements, int offset, int[] size, int[] stride) {
    global("torch._utils", "_rebuild_tensor_v2").op('(');
    op('(')
        .str("storage")
        .global("torch", storageType)
        .str(key)
        .str("cpu")
        .integer(elements)
        .op('t');
    op('Q').integer(offset);
    tuple(size).tuple(stride);
    op(0x89).global("collections", "OrderedDict").op(')').op('R');
    return op('t').op('R');
  }

  PickleBytes tuple(int[] values) {
    op('(');
    for (int v : values) {
      integer(v);
    }
    return op('t');
  }

  byte[] stop() {
    out.write('.');
    return out.toByteArray();
  }
}
