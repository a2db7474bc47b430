package io.gpenspark.model.pth;

import io.gpenspark.model.InvalidModelException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads a tensor state dict saved by {@code torch.save}, in the zip format (PyTorch 1.6+: {@code
 * <name>/data.pkl} plus one raw entry per storage under {@code <name>/data/}) or the legacy format
 * (magic number, protocol and sys_info pickles, the main pickle, the storage key list, then each
 * storage as an 8-byte little-endian element count and its raw bytes). Only the pickle globals a
 * state dict needs are accepted (see {@link TensorUnpickler}).
 */
public final class PthReader {

  private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
  private static final int LEGACY_PROTOCOL = 1001;
  private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};
  private static final int PICKLE_PROTO_OPCODE = 0x80;

  private PthReader() {}

  /**
   * Reads the state dict in {@code file}; with {@code nestingKey} (e.g. {@code g_ema}) the file is
   * a dict that holds the state dict under that key.
   */
  public static StateDict read(Path file, Optional<String> nestingKey) throws IOException {
    try {
      if (startsWith(file, ZIP_SIGNATURE)) {
        return readZip(file, nestingKey);
      }
      if (startsWith(file, new byte[] {(byte) PICKLE_PROTO_OPCODE})) {
        return readLegacy(file, nestingKey);
      }
    } catch (PickleException | ClassCastException e) {
      throw new InvalidModelException(file.getFileName() + ": " + e.getMessage(), e);
    }
    throw new InvalidModelException(
        file.getFileName() + ": not a PyTorch checkpoint (zip or legacy pickle)");
  }

  /** True for a zip archive (the PyTorch 1.6+ and TorchScript container). */
  public static boolean isZip(Path file) throws IOException {
    return startsWith(file, ZIP_SIGNATURE);
  }

  private static StateDict readZip(Path file, Optional<String> nestingKey) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String prefix = archivePrefix(zip, file);
      ByteOrder order = byteOrder(zip, prefix);
      TensorUnpickler unpickler = new TensorUnpickler();
      Object root;
      try (InputStream pickle = zip.getInputStream(zip.getEntry(prefix + "data.pkl"))) {
        root = unpickler.load(new BufferedInputStream(pickle));
      }
      Map<String, TensorRef> refs = selectStateDict(root, nestingKey, file);
      // One storage in memory at a time: read it, gather every tensor that views it.
      Map<String, FloatTensor> tensors = new HashMap<>();
      for (Map.Entry<StorageRef, Map<String, TensorRef>> views : byStorage(refs).entrySet()) {
        ByteBuffer bytes = readZipStorage(zip, prefix, views.getKey(), order, file);
        for (Map.Entry<String, TensorRef> view : views.getValue().entrySet()) {
          tensors.put(view.getKey(), materialize(view.getKey(), view.getValue(), bytes, file));
        }
      }
      return inOrder(refs, tensors);
    }
  }

  private static String archivePrefix(ZipFile zip, Path file) throws InvalidModelException {
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      String name = entries.nextElement().getName();
      if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
        return name.substring(0, name.length() - "data.pkl".length());
      }
    }
    throw new InvalidModelException(file.getFileName() + ": zip without <name>/data.pkl");
  }

  private static ByteOrder byteOrder(ZipFile zip, String prefix) throws IOException {
    ZipEntry entry = zip.getEntry(prefix + "byteorder");
    if (entry == null) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    try (InputStream in = zip.getInputStream(entry)) {
      String order = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
      return "big".equals(order) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }
  }

  private static ByteBuffer readZipStorage(
      ZipFile zip, String prefix, StorageRef storage, ByteOrder order, Path file)
      throws IOException {
    ZipEntry entry = zip.getEntry(prefix + "data/" + storage.key());
    if (entry == null) {
      throw new InvalidModelException(
          file.getFileName() + ": missing storage data/" + storage.key());
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return ByteBuffer.wrap(readExactly(in, storage.byteCount(), storage, file)).order(order);
    }
  }

  private static StateDict readLegacy(Path file, Optional<String> nestingKey) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      Object magic = new TensorUnpickler().load(in);
      if (!(magic instanceof Number n) || !new BigInteger(n.toString()).equals(LEGACY_MAGIC)) {
        throw new InvalidModelException(
            file.getFileName() + ": not a PyTorch checkpoint (bad magic number)");
      }
      Object protocol = new TensorUnpickler().load(in);
      if (!(protocol instanceof Number p) || p.intValue() != LEGACY_PROTOCOL) {
        throw new InvalidModelException(
            file.getFileName() + ": unsupported legacy protocol " + protocol);
      }
      Map<?, ?> sysInfo = (Map<?, ?>) new TensorUnpickler().load(in);
      ByteOrder order =
          Boolean.FALSE.equals(sysInfo.get("little_endian"))
              ? ByteOrder.BIG_ENDIAN
              : ByteOrder.LITTLE_ENDIAN;

      TensorUnpickler unpickler = new TensorUnpickler();
      Object root = unpickler.load(in);
      List<?> keys = (List<?>) new TensorUnpickler().load(in);
      Map<String, ByteBuffer> storages = new HashMap<>();
      for (Object key : keys) {
        StorageRef storage = unpickler.storages().get(String.valueOf(key));
        if (storage == null) {
          throw new InvalidModelException(
              file.getFileName() + ": storage " + key + " is never referenced");
        }
        long count = Long.reverseBytes(in.readLong());
        if (count != storage.elements()) {
          throw new InvalidModelException(
              file.getFileName()
                  + ": storage "
                  + key
                  + " holds "
                  + count
                  + " elements, the pickle says "
                  + storage.elements());
        }
        storages.put(
            storage.key(),
            ByteBuffer.wrap(readExactly(in, storage.byteCount(), storage, file)).order(order));
      }
      Map<String, TensorRef> refs = selectStateDict(root, nestingKey, file);
      Map<String, FloatTensor> tensors = new HashMap<>();
      for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
        ByteBuffer bytes = storages.get(e.getValue().storage().key());
        if (bytes == null) {
          throw new InvalidModelException(
              file.getFileName() + ": no data for storage " + e.getValue().storage().key());
        }
        tensors.put(e.getKey(), materialize(e.getKey(), e.getValue(), bytes, file));
      }
      return inOrder(refs, tensors);
    }
  }

  private static Map<String, TensorRef> selectStateDict(
      Object root, Optional<String> nestingKey, Path file) throws InvalidModelException {
    Object dict = root;
    if (nestingKey.isPresent()) {
      if (!(root instanceof Map<?, ?> outer) || !outer.containsKey(nestingKey.get())) {
        throw new InvalidModelException(
            file.getFileName()
                + ": no entry '"
                + nestingKey.get()
                + "' at the top of the checkpoint");
      }
      dict = outer.get(nestingKey.get());
    }
    if (!(dict instanceof Map<?, ?> entries)) {
      throw new InvalidModelException(
          file.getFileName() + ": the checkpoint is not a dict of tensors");
    }
    Map<String, TensorRef> refs = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : entries.entrySet()) {
      if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof TensorRef ref)) {
        throw new InvalidModelException(
            file.getFileName()
                + ": entry '"
                + e.getKey()
                + "' is not a tensor"
                + (nestingKey.isEmpty()
                    ? " (does the state dict sit under a key such as g_ema?)"
                    : ""));
      }
      refs.put(name, ref);
    }
    return refs;
  }

  private static Map<StorageRef, Map<String, TensorRef>> byStorage(Map<String, TensorRef> refs) {
    Map<StorageRef, Map<String, TensorRef>> groups = new LinkedHashMap<>();
    refs.forEach(
        (name, ref) ->
            groups.computeIfAbsent(ref.storage(), k -> new LinkedHashMap<>()).put(name, ref));
    return groups;
  }

  private static StateDict inOrder(Map<String, TensorRef> refs, Map<String, FloatTensor> tensors) {
    Map<String, FloatTensor> ordered = new LinkedHashMap<>();
    refs.keySet().forEach(name -> ordered.put(name, tensors.get(name)));
    return new StateDict(ordered);
  }

  /** Gathers the view {@code ref} of a storage into a dense row-major float array. */
  private static FloatTensor materialize(String name, TensorRef ref, ByteBuffer bytes, Path file)
      throws InvalidModelException {
    long[] size = ref.size();
    long[] stride = ref.stride();
    long count = FloatTensor.elementCount(size);
    if (size.length != stride.length || count > Integer.MAX_VALUE || ref.offset() < 0) {
      throw invalid(file, name, "has an invalid layout");
    }
    long last = ref.offset();
    for (int d = 0; d < size.length; d++) {
      if (size[d] < 0 || stride[d] < 0) {
        throw invalid(file, name, "has an invalid layout");
      }
      last += (size[d] - 1) * stride[d];
    }
    if (count > 0 && last >= ref.storage().elements()) {
      throw invalid(file, name, "reaches past its storage");
    }
    float[] values = new float[(int) count];
    StorageType type = ref.storage().type();
    int offset = (int) ref.offset();
    if (type == StorageType.FLOAT && isRowMajor(size, stride)) {
      bytes
          .duplicate()
          .order(bytes.order())
          .position(offset * Float.BYTES)
          .asFloatBuffer()
          .get(values);
    } else if (isRowMajor(size, stride)) {
      for (int i = 0; i < values.length; i++) {
        values[i] = type.read(bytes, offset + i);
      }
    } else {
      gatherStrided(ref, bytes, values);
    }
    return new FloatTensor(size.clone(), values);
  }

  private static InvalidModelException invalid(Path file, String tensor, String problem) {
    return new InvalidModelException(file.getFileName() + ": tensor '" + tensor + "' " + problem);
  }

  private static boolean isRowMajor(long[] size, long[] stride) {
    long expected = 1;
    for (int d = size.length - 1; d >= 0; d--) {
      if (size[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= size[d];
    }
    return true;
  }

  private static void gatherStrided(TensorRef ref, ByteBuffer bytes, float[] values) {
    long[] size = ref.size();
    long[] stride = ref.stride();
    long[] index = new long[size.length];
    StorageType type = ref.storage().type();
    for (int i = 0; i < values.length; i++) {
      long source = ref.offset();
      for (int d = 0; d < size.length; d++) {
        source += index[d] * stride[d];
      }
      values[i] = type.read(bytes, (int) source);
      for (int d = size.length - 1; d >= 0 && ++index[d] == size[d]; d--) {
        index[d] = 0;
      }
    }
  }

  private static byte[] readExactly(InputStream in, long count, StorageRef storage, Path file)
      throws IOException {
    if (count > Integer.MAX_VALUE - 8) {
      throw new InvalidModelException(
          file.getFileName() + ": storage " + storage.key() + " is over 2 GiB");
    }
    byte[] bytes = new byte[(int) count];
    try {
      new DataInputStream(in).readFully(bytes);
    } catch (EOFException e) {
      throw new InvalidModelException(
          file.getFileName() + ": storage " + storage.key() + " is truncated", e);
    }
    return bytes;
  }

  private static boolean startsWith(Path file, byte[] prefix) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(prefix.length), prefix);
    }
  }
}
