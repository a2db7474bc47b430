package io.gpenspark.model.pth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** Named tensors of a PyTorch {@code state_dict}, in file order. */
public final class StateDict {
  private final Map<String, FloatTensor> tensors;

  public StateDict(Map<String, FloatTensor> tensors) {
    this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  public FloatTensor get(String name) {
    FloatTensor t = tensors.get(name);
    if (t == null) {
      throw new NoSuchElementException("state dict has no tensor '" + name + "'");
    }
    return t;
  }

  public Map<String, FloatTensor> tensors() {
    return tensors;
  }

  /** Name to shape, in file order. */
  public Map<String, long[]> shapes() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.forEach((name, t) -> shapes.put(name, t.shape()));
    return shapes;
  }
}
