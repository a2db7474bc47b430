package io.gpenspark.model;

/** A {@link FaceModel} leased from the {@link ModelCache}: closing it hands the lease back. */
final class SharedFaceModel implements FaceModel {
  private final ModelCache.Lease<FaceModel> lease;

  SharedFaceModel(ModelCache.Lease<FaceModel> lease) {
    this.lease = lease;
  }

  @Override
  public int size() {
    return lease.get().size();
  }

  @Override
  public String id() {
    return lease.get().id();
  }

  @Override
  public String device() {
    return lease.get().device();
  }

  @Override
  public float[] restore(float[] faces, int n) {
    return lease.get().restore(faces, n);
  }

  @Override
  public void close() {
    lease.close();
  }
}
