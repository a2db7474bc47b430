package io.gpenspark.model.pth;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * An unpickler for tensor state dicts only. Globals are resolved against a fixed allow-list in this
 * instance (nothing is registered process-wide): any other global, and the opcodes that instantiate
 * classes by name, stop the load before anything is constructed. Tensors come back as {@link
 * TensorRef}s; their storages are collected from the persistent ids.
 */
final class TensorUnpickler extends Unpickler {

  private static final Map<String, IObjectConstructor> ALLOWED_GLOBALS = allowedGlobals();

  private final Map<String, StorageRef> storages = new LinkedHashMap<>();

  /** Storages named so far, by key. */
  Map<String, StorageRef> storages() {
    return storages;
  }

  @Override
  protected Object dispatch(short opcode) throws IOException {
    switch (opcode) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(resolveGlobal(module, name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        if (!(module instanceof String) || !(name instanceof String)) {
          throw new PickleException("STACK_GLOBAL without string operands");
        }
        stack.add(resolveGlobal((String) module, (String) name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.BUILD -> {
        // OrderedDict.__reduce__ passes the instance __dict__ (state_dict's _metadata) as state:
        // version bookkeeping that the tensors do not need.
        stack.pop();
        if (!(stack.peek() instanceof Map)) {
          throw new PickleException(
              "BUILD on a " + describe(stack.peek()) + "; only dicts expected");
        }
        return NO_RETURN_VALUE;
      }
      case Opcodes.INST, Opcodes.OBJ, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
          throw new PickleException(
              "pickle opcode "
                  + opcode
                  + " instantiates classes by name; not allowed in a state dict");
      default -> {
        return super.dispatch(opcode);
      }
    }
  }

  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0])) {
      throw new PickleException("unexpected persistent id " + describe(pid));
    }
    if (!(id[1] instanceof StorageType type)
        || !(id[2] instanceof String key)
        || !(id[4] instanceof Number elements)) {
      throw new PickleException("malformed storage persistent id");
    }
    if (id.length > 5 && id[5] != null) {
      throw new PickleException("storage views (legacy view_metadata) are not supported");
    }
    StorageRef ref = new StorageRef(key, type, elements.longValue());
    StorageRef known = storages.putIfAbsent(key, ref);
    if (known != null && !known.equals(ref)) {
      throw new PickleException("storage " + key + " is named with two different types or sizes");
    }
    return known != null ? known : ref;
  }

  private static IObjectConstructor resolveGlobal(String module, String name) {
    String qualified = module + "." + name;
    IObjectConstructor constructor = ALLOWED_GLOBALS.get(qualified);
    if (constructor == null) {
      throw new PickleException(
          "pickle refers to global '"
              + qualified
              + "', which a tensor state dict never needs;"
              + " refusing to load it");
    }
    return constructor;
  }

  private static Map<String, IObjectConstructor> allowedGlobals() {
    Map<String, IObjectConstructor> globals = new HashMap<>();
    globals.put("collections.OrderedDict", TensorUnpickler::newOrderedDict);
    globals.put("torch._utils._rebuild_tensor_v2", TensorUnpickler::rebuildTensor);
    globals.put("torch._utils._rebuild_tensor", TensorUnpickler::rebuildTensor);
    globals.put("torch._utils._rebuild_parameter", TensorUnpickler::rebuildParameter);
    for (StorageType type : StorageType.values()) {
      globals.put(type.qualifiedName(), type);
    }
    return Map.copyOf(globals);
  }

  private static Object newOrderedDict(Object[] args) {
    if (args.length != 0) {
      throw new PickleException("OrderedDict with constructor arguments is not a state dict");
    }
    return new LinkedHashMap<>();
  }

  /** {@code _rebuild_tensor[_v2](storage, storage_offset, size, stride, ...)}. */
  private static Object rebuildTensor(Object[] args) {
    if (args.length < 4
        || !(args[0] instanceof StorageRef storage)
        || !(args[1] instanceof Number offset)) {
      throw new PickleException("malformed _rebuild_tensor arguments");
    }
    return new TensorRef(storage, offset.longValue(), longs(args[2]), longs(args[3]));
  }

  /** {@code _rebuild_parameter(data, requires_grad, backward_hooks)}: the data is the tensor. */
  private static Object rebuildParameter(Object[] args) {
    if (args.length < 1 || !(args[0] instanceof TensorRef)) {
      throw new PickleException("malformed _rebuild_parameter arguments");
    }
    return args[0];
  }

  private static long[] longs(Object tuple) {
    if (!(tuple instanceof Object[] items)) {
      throw new PickleException("expected a tuple of ints, got " + describe(tuple));
    }
    long[] values = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      if (!(items[i] instanceof Number n)) {
        throw new PickleException("expected a tuple of ints, got " + describe(items[i]));
      }
      values[i] = n.longValue();
    }
    return values;
  }

  private static String describe(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }
}
