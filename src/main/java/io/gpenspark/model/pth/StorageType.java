package io.gpenspark.model.pth;

import java.nio.ByteBuffer;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;

/**
 * The floating-point storage classes a state dict may name ({@code torch.FloatStorage} ...); every
 * element is converted to float32. A pickle refers to them only as a tag inside persistent ids, so
 * as pickle globals they are never callable.
 */
enum StorageType implements IObjectConstructor {
  FLOAT("FloatStorage", 4) {
    @Override
    float read(ByteBuffer bytes, int index) {
      return bytes.getFloat(index * 4);
    }
  },
  DOUBLE("DoubleStorage", 8) {
    @Override
    float read(ByteBuffer bytes, int index) {
      return (float) bytes.getDouble(index * 8);
    }
  },
  HALF("HalfStorage", 2) {
    @Override
    float read(ByteBuffer bytes, int index) {
      return halfToFloat(bytes.getShort(index * 2));
    }
  },
  BFLOAT16("BFloat16Storage", 2) {
    @Override
    float read(ByteBuffer bytes, int index) {
      return Float.intBitsToFloat((bytes.getShort(index * 2) & 0xffff) << 16);
    }
  };

  private final String className;
  private final int elementSize;

  StorageType(String className, int elementSize) {
    this.className = className;
    this.elementSize = elementSize;
  }

  /** Python name of the storage class, e.g. {@code torch.FloatStorage}. */
  String qualifiedName() {
    return "torch." + className;
  }

  int elementSize() {
    return elementSize;
  }

  /** Element {@code index} of a storage whose raw bytes are {@code bytes} (byte order preset). */
  abstract float read(ByteBuffer bytes, int index);

  @Override
  public Object construct(Object[] args) {
    throw new PickleException(qualifiedName() + " is only valid as a storage tag, not as a call");
  }

  /** IEEE 754 binary16 to binary32 (exact: every half value is representable). */
  static float halfToFloat(short half) {
    int sign = (half & 0x8000) << 16;
    int exponent = (half >>> 10) & 0x1f;
    int mantissa = half & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // Subnormal (or zero): mantissa * 2^-24.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
