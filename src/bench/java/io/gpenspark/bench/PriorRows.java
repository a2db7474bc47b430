package io.gpenspark.bench;

import io.gpenspark.imageio.OutputPaths;
import io.gpenspark.listing.InputFile;
import io.gpenspark.manifest.ManifestSchema;
import java.io.Serializable;
import java.sql.Timestamp;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The manifest rows a full run would have left for other files: one real row of a real run (its run
 * id, status, config hash, model id, job version, scores, time) with each file's own path, size,
 * modification time and output path. An incremental run with the same configuration then finds
 * every file unchanged.
 */
final class PriorRows implements Serializable {
  private static final int INPUT_PATH = index(ManifestSchema.INPUT_PATH);
  private static final int INPUT_BYTES = index("input_bytes");
  private static final int INPUT_MODIFIED = index("input_modified");
  private static final int OUTPUT_PATH = index("output_path");

  private final Object[] template;
  private final OutputPaths paths;

  /**
   * {@code template}: a manifest row in {@link ManifestSchema#SCHEMA}'s order; {@code paths}: the
   * input root and output root of the rows to make.
   */
  PriorRows(Row template, OutputPaths paths) {
    if (template.size() != ManifestSchema.SCHEMA.size()) {
      throw new IllegalArgumentException(
          "a manifest row has "
              + ManifestSchema.SCHEMA.size()
              + " columns, not "
              + template.size());
    }
    this.template = new Object[template.size()];
    for (int i = 0; i < template.size(); i++) {
      this.template[i] = template.get(i);
    }
    this.paths = paths;
  }

  /** The template's row for {@code file} (a path as the job's lister names it). */
  Row rowFor(InputFile file) {
    Object[] v = template.clone();
    v[INPUT_PATH] = file.path();
    v[INPUT_BYTES] = file.size();
    v[INPUT_MODIFIED] = new Timestamp(file.modified());
    // A row without output (a failed one) keeps none.
    v[OUTPUT_PATH] = v[OUTPUT_PATH] == null ? null : paths.outputFor(file.path());
    return RowFactory.create(v);
  }

  private static int index(String column) {
    return ManifestSchema.SCHEMA.fieldIndex(column);
  }
}
