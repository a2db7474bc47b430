package io.gpenspark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gpenspark.imageio.OutputFormat;
import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ManifestRow;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.RunIdentity;
import io.gpenspark.manifest.Status;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class PriorRowsTest {
  private static final RunIdentity RUN =
      new RunIdentity(
          "20261129T010203Z-abcdef12", "driver", "313f9de842221d01", "yunet+none", "0.1");

  private static Object get(Row r, String column) {
    return r.get(ManifestSchema.SCHEMA.fieldIndex(column));
  }

  /** A row as the job writes it for one input (the job's own row class). */
  private static Row real(InputFile f, Status status, String output) {
    ManifestRow row = new ManifestRow(RUN, f).status(status);
    if (output != null) {
      row.outputPath(output);
    }
    row.faces(0);
    row.inputSize(64, 64);
    row.addStageMs("detect", 3.5);
    return row.toRow();
  }

  @Test
  void eachFileGetsItsOwnPathSizeTimeAndOutputAndTheTemplatesEverythingElse() {
    InputFile seen = new InputFile("file:/a/prior/in/box-0001/scan-000001.jpg", 1693, 1_000L);
    Row template = real(seen, Status.NO_FACE, "file:/a/prior/out/box-0001/scan-000001.jpg");
    PriorRows rows =
        new PriorRows(
            template,
            new OutputPaths("file:/a/n/in", "file:/a/n/out", new OutputFormat("same", 95)));

    InputFile other =
        new InputFile("file:/a/n/in/box-0042/scan-041001.jpg", 1700, 1_750_000_000_123L);
    Row r = rows.rowFor(other);

    assertEquals(other.path(), get(r, "input_path"));
    assertEquals(1700L, get(r, "input_bytes"));
    assertEquals(new Timestamp(1_750_000_000_123L), get(r, "input_modified"));
    assertEquals("file:/a/n/out/box-0042/scan-041001.jpg", get(r, "output_path"));
    for (String carried :
        new String[] {
          "run_id",
          "status",
          "config_hash",
          "model_id",
          "job_version",
          "executor_id",
          "faces",
          "width",
          "ms_detect",
          "processed_at"
        }) {
      assertEquals(get(template, carried), get(r, carried), carried);
    }
    assertEquals(ManifestSchema.SCHEMA.size(), r.size());
  }

  @Test
  void aRowWithoutOutputStaysWithout() {
    InputFile f = new InputFile("file:/a/prior/in/x.jpg", 10, 1L);
    PriorRows rows =
        new PriorRows(
            real(f, Status.FAILED, null),
            new OutputPaths("file:/a/n/in", "file:/a/n/out", new OutputFormat("same", 95)));
    assertNull(get(rows.rowFor(new InputFile("file:/a/n/in/y.jpg", 10, 2L)), "output_path"));
  }
}
