package io.gpenspark.model.pth;

/** A storage named by a pickle's persistent id: its key in the checkpoint, type and length. */
record StorageRef(String key, StorageType type, long elements) {

  long byteCount() {
    return elements * type.elementSize();
  }
}
