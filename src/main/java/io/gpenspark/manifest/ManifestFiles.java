package io.gpenspark.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a manifest's rows without a Spark session, so the manifest commands and the report need no
 * Spark start-up: lists {@code <uri>/run_id=*}/*.parquet through Hadoop FS (local, HDFS, s3a) and
 * reads the files (in parallel) with parquet-hadoop straight into {@link ManifestRecord}s. As
 * Spark's partition discovery does, run_id comes from the folder name and files whose names start
 * with _ or . are not data; columns a file lacks (an older manifest) are null.
 */
public final class ManifestFiles {
  private static final String PARTITION = ManifestSchema.RUN_ID + "=";
  private static final int COLUMNS = ManifestSchema.SCHEMA.size();
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  private ManifestFiles() {}

  public static boolean exists(String uri, Configuration conf) {
    Path p = new Path(uri);
    try {
      return p.getFileSystem(conf).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + uri, e);
    }
  }

  /** Every row of every run. */
  public static List<ManifestRecord> read(String uri, Configuration conf) {
    Path root = new Path(uri);
    List<Path> files = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      for (FileStatus dir : fs.listStatus(root)) {
        if (dir.isDirectory() && dir.getPath().getName().startsWith(PARTITION)) {
          for (FileStatus f : fs.listStatus(dir.getPath())) {
            String name = f.getPath().getName();
            if (f.isFile() && !name.startsWith("_") && !name.startsWith(".") && f.getLen() > 0) {
              files.add(f.getPath());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + uri + ": " + e.getMessage(), e);
    }
    return files.parallelStream().flatMap(f -> readFile(f, conf).stream()).toList();
  }

  private static List<ManifestRecord> readFile(Path file, Configuration conf) {
    String runId = unescape(file.getParent().getName().substring(PARTITION.length()));
    int runIndex = ManifestRecord.indexOf(ManifestSchema.RUN_ID);
    List<ManifestRecord> rows = new ArrayList<>();
    try (ParquetReader<Object[]> reader =
        ParquetReader.builder(new Rows(), file).withConf(conf).build()) {
      for (Object[] values = reader.read(); values != null; values = reader.read()) {
        values[runIndex] = runId;
        rows.add(new ManifestRecord(values));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read manifest file " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /**
   * Reads the manifest's columns of a file into an Object[] in schema order (no per-row maps or
   * groups).
   */
  private static final class Rows extends ReadSupport<Object[]> {
    @Override
    public ReadContext init(InitContext context) {
      MessageType file = context.getFileSchema();
      List<Type> known =
          file.getFields().stream()
              .filter(
                  f ->
                      ManifestSchema.SCHEMA.getFieldIndex(f.getName()).isDefined()
                          && f.isPrimitive())
              .toList();
      return new ReadContext(new MessageType(file.getName(), known));
    }

    @Override
    public RecordMaterializer<Object[]> prepareForRead(
        Configuration conf,
        Map<String, String> metadata,
        MessageType fileSchema,
        ReadContext context) {
      return new Materializer(context.getRequestedSchema());
    }
  }

  private static final class Materializer extends RecordMaterializer<Object[]> {
    private Object[] row;
    private final Converter[] columns;
    private final GroupConverter root =
        new GroupConverter() {
          @Override
          public Converter getConverter(int field) {
            return columns[field];
          }

          @Override
          public void start() {
            row = new Object[COLUMNS];
          }

          @Override
          public void end() {
            // the row is complete
          }
        };

    Materializer(MessageType requested) {
      columns = new Converter[requested.getFieldCount()];
      for (int i = 0; i < columns.length; i++) {
        PrimitiveType type = requested.getType(i).asPrimitiveType();
        columns[i] = converter(ManifestRecord.indexOf(type.getName()), type);
      }
    }

    private Converter converter(int index, PrimitiveType type) {
      boolean timestamp =
          ManifestSchema.SCHEMA.fields()[index].dataType().equals(DataTypes.TimestampType);
      return switch (type.getPrimitiveTypeName()) {
        case BINARY -> new Text(index);
        case INT96 ->
            new PrimitiveConverter() { // Spark's default timestamps: nanoseconds of the day, Julian
              // day
              @Override
              public void addBinary(Binary v) {
                ByteBuffer b = v.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                long nanosOfDay = b.getLong();
                row[index] =
                    Instant.ofEpochSecond((b.getInt() - JULIAN_EPOCH_DAY) * 86_400L, nanosOfDay);
              }
            };
        case INT64 ->
            new PrimitiveConverter() {
              @Override
              public void addLong(long v) {
                row[index] = timestamp ? instant(v, type) : (Object) v;
              }
            };
        case INT32 ->
            new PrimitiveConverter() {
              @Override
              public void addInt(int v) {
                row[index] = v;
              }
            };
        case DOUBLE ->
            new PrimitiveConverter() {
              @Override
              public void addDouble(double v) {
                row[index] = v;
              }
            };
        default -> throw new IllegalStateException("manifest column " + type + " not readable");
      };
    }

    /** Strings, each dictionary entry decoded once. */
    private final class Text extends PrimitiveConverter {
      private final int index;
      private String[] dictionary;

      Text(int index) {
        this.index = index;
      }

      @Override
      public void addBinary(Binary v) {
        row[index] = v.toStringUsingUTF8();
      }

      @Override
      public boolean hasDictionarySupport() {
        return true;
      }

      @Override
      public void setDictionary(Dictionary d) {
        dictionary = new String[d.getMaxId() + 1];
        for (int i = 0; i < dictionary.length; i++) {
          dictionary[i] = d.decodeToBinary(i).toStringUsingUTF8();
        }
      }

      @Override
      public void addValueFromDictionary(int id) {
        row[index] = dictionary[id];
      }
    }

    @Override
    public Object[] getCurrentRecord() {
      return row;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }

  /** INT64 timestamps: microseconds unless annotated as milliseconds. */
  private static Instant instant(long v, PrimitiveType type) {
    if (type.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t
        && t.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS) {
      return Instant.ofEpochMilli(v);
    }
    return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1000);
  }

  /** Partition folder names escape some characters as %XX, as Spark writes them. */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
