package io.gpenspark.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver's listed paths reach the executors in tasks under Spark's 1 MB recommendation. */
class DriverSlicesTest {

  @Test
  void aFewFilesGetTheDefaultParallelism() {
    assertEquals(2, InputLister.slices(files(10, "file:/scans/"), 2));
    assertEquals(1, InputLister.slices(List.of(), 0));
  }

  @Test
  void manyFilesAreSplitSoThatEachTaskStaysUnderOneMegabyte() throws IOException {
    for (String prefix :
        List.of(
            "file:/tmp/gpen-bench/scale/n-200000/in/",
            "s3a://archive-bucket/collections/municipal-archive/1950-1979/negatives/scans/")) {
      List<InputFile> files = files(200_000, prefix);
      int slices = InputLister.slices(files, 2);
      assertTrue(slices > 2, prefix + ": " + slices + " slices");
      // Spark's ParallelCollectionRDD cuts the list into equal runs; its largest, as Java
      // serialisation sends it.
      int largest = (files.size() + slices - 1) / slices;
      int bytes = serialised(new ArrayList<>(files.subList(0, largest)));
      assertTrue(bytes < 1024 * 1024, prefix + ": " + bytes + " bytes a task");
      assertTrue(bytes > InputLister.TASK_BYTES / 2, prefix + ": " + bytes + " bytes a task");
    }
  }

  private static List<InputFile> files(int n, String prefix) {
    List<InputFile> files = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      files.add(
          new InputFile(
              String.format("%sbox-%04d/scan-%06d.jpg", prefix, i / 1000 + 1, i + 1),
              1_693 + i,
              1_764_000_000_000L + i));
    }
    return files;
  }

  private static int serialised(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.size();
  }
}
