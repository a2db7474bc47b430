package io.gpenspark.model.pth;

/** A tensor as the pickle describes it: a view (offset, size, stride in elements) of a storage. */
record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}
