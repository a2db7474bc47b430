package io.gpenspark.listing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs from a list (CSV, Parquet, text, a folder of them) or a catalog table, on real files in
 * Spark local mode: the paths the lister would have found, with the sizes and times the list gives
 * or the files have.
 */
@IntegrationTest
class InputsTest {
  private static final ImagePathFilter IMAGES =
      new ImagePathFilter(List.of("jpg", "jpeg", "png", "bmp", "tif", "tiff", "webp"));
  static @TempDir Path tmp;
  static Path photos;
  static SparkSession spark;

  /** Files of 1, 2, 3 … bytes, so a size says which file it is; times set apart. */
  @BeforeAll
  static void tree() throws Exception {
    spark = LocalSpark.session();
    photos = Files.createDirectories(tmp.resolve("photos"));
    List<String> files =
        List.of(
            "a.jpg",
            "x/b c.PNG",
            "x/y/10:30.jpg",
            "notes.txt",
            "_private/d.jpg",
            "x/.hidden/e.jpg",
            "restored/a.jpg");
    for (int i = 0; i < files.size(); i++) {
      Path p = photos.resolve(files.get(i));
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[i + 1]);
      Files.setLastModifiedTime(p, FileTime.fromMillis(1_600_000_000_000L + i * 1000L));
    }
  }

  private static InputLister.Listing list(String... settings) {
    return Inputs.from(TestConfig.with(settings))
        .list(
            spark, photos.toString(), IMAGES, 100, List.of(photos.resolve("restored").toString()));
  }

  /** Relative path → "size modified" of each listed file. */
  private static Map<String, String> files(InputLister.Listing l) {
    return l.files().collect().stream()
        .collect(
            Collectors.toMap(
                f -> f.path().substring(l.root().length() + 1),
                f -> f.size() + " " + f.modified(),
                (a, b) -> {
                  throw new AssertionError("listed twice: " + a);
                },
                TreeMap::new));
  }

  private static String quoted(Path p) {
    return '"' + p.toString() + '"';
  }

  /** What the files themselves say (size, time), as the lister would list them. */
  private static final Map<String, String> ON_DISK =
      Map.of(
          "a.jpg", "1 1600000000000",
          "x/b c.PNG", "2 1600000001000",
          "x/y/10:30.jpg", "3 1600000002000");

  @Test
  void csvListOfRelativeAndAbsolutePathsIsFilteredLikeAListing() throws Exception {
    Path csv = tmp.resolve("list.csv");
    Files.writeString(
        csv,
        String.join(
            "\n",
            "id,path",
            "1,a.jpg",
            "2," + photos.resolve("x/b c.PNG"), // absolute, no scheme
            "3,file://" + photos.resolve("x/y/10:30.jpg"), // absolute URI
            "4,./a.jpg", // the same file again: one input
            "5,notes.txt", // not an image
            "6,_private/d.jpg", // underscored folder
            "7,x/.hidden/e.jpg", // hidden folder
            "8,restored/a.jpg", // the job's output folder
            "9,gone/missing.jpg", // not there: kept, for its failed row
            "10,"));
    InputLister.Listing l = list("input.list = " + quoted(csv));
    Map<String, String> expected = new TreeMap<>(ON_DISK);
    expected.put("gone/missing.jpg", "0 0");
    assertEquals(expected, files(l));
    assertTrue(l.root().startsWith("file:/"), l.root());
    assertEquals(List.of(photos.resolve("restored").toString()), l.excludedUnderInput());
  }

  @Test
  void parquetAndOrcListsGiveSizesAndTimesWithoutLookingAtTheFiles() {
    StructType schema =
        new StructType()
            .add("file", DataTypes.StringType)
            .add("bytes", DataTypes.LongType)
            .add("mtime", DataTypes.TimestampType);
    Dataset<Row> rows =
        spark.createDataFrame(
            List.of(
                RowFactory.create("a.jpg", 111L, new Timestamp(1_500_000_000_000L)),
                RowFactory.create("x/b c.PNG", null, null), // unknown: looked up
                RowFactory.create("gone.jpg", 7L, new Timestamp(1_400_000_000_000L))),
            schema);
    Path parquet = tmp.resolve("list.parquet");
    rows.coalesce(1).write().parquet(parquet.toString());
    Path orc = tmp.resolve("list.orc");
    rows.coalesce(1).write().orc(orc.toString());
    for (Path list : List.of(parquet, orc)) {
      InputLister.Listing l =
          list(
              "input.list = " + quoted(list),
              "input.list-column = file",
              "input.size-column = BYTES",
              "input.modified-column = mtime");
      assertEquals(
          Map.of(
              "a.jpg", "111 1500000000000",
              "x/b c.PNG", ON_DISK.get("x/b c.PNG"),
              "gone.jpg", "7 1400000000000"),
          files(l),
          list.toString());
    }
  }

  @Test
  void textListsAndFoldersOfThem() throws Exception {
    Path txt = tmp.resolve("list.txt");
    Files.writeString(txt, "a.jpg\r\nx/b c.PNG\n\nnotes.txt\n");
    assertEquals(
        Map.of("a.jpg", ON_DISK.get("a.jpg"), "x/b c.PNG", ON_DISK.get("x/b c.PNG")),
        files(list("input.list = " + quoted(txt))));

    // A folder of text files as Spark writes one (part files, _SUCCESS), several partitions.
    Path folder = tmp.resolve("text-list");
    spark
        .createDataset(List.of("a.jpg", "x/y/10:30.jpg", "x/b c.PNG"), Encoders.STRING())
        .repartition(3)
        .write()
        .text(folder.toString());
    assertTrue(Files.exists(folder.resolve("_SUCCESS")));
    assertEquals(ON_DISK, files(list("input.list = " + quoted(folder))));

    // A folder of CSV files, each with its header.
    Path csvs = Files.createDirectories(tmp.resolve("csv-list"));
    Files.writeString(csvs.resolve("1.csv"), "path,size\na.jpg,\n");
    Files.writeString(csvs.resolve("2.csv"), "path,size\nx/b c.PNG,99\nx/y/10:30.jpg,\n");
    assertEquals(
        Map.of(
            "a.jpg", ON_DISK.get("a.jpg"),
            "x/b c.PNG", ON_DISK.get("x/b c.PNG"), // a size without a time: looked up
            "x/y/10:30.jpg", ON_DISK.get("x/y/10:30.jpg")),
        files(list("input.list = " + quoted(csvs))));
  }

  @Test
  void catalogTableOrView() {
    spark
        .createDataset(
            List.of("a.jpg", "file://" + photos.resolve("x/y/10:30.jpg"), "notes.txt"),
            Encoders.STRING())
        .toDF("photo")
        .createOrReplaceTempView("inputs_test_photos");
    assertEquals(
        Map.of("a.jpg", ON_DISK.get("a.jpg"), "x/y/10:30.jpg", ON_DISK.get("x/y/10:30.jpg")),
        files(list("input.table = inputs_test_photos", "input.table-column = photo")));
  }

  @Test
  void badListsAndTablesStopTheJobWithOneLine() throws Exception {
    Path outside = tmp.resolve("outside.txt");
    Files.writeString(outside, "a.jpg\n../elsewhere/x.jpg\n/etc/y.jpg\ns3a://bucket/z.jpg\n");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> list("input.list = " + quoted(outside)));
    assertTrue(e.getMessage().contains("names 3 paths outside the input root"), e.getMessage());
    assertTrue(e.getMessage().contains("/etc/y.jpg"), e.getMessage());

    Path noColumn = tmp.resolve("no-column.csv");
    Files.writeString(noColumn, "file\na.jpg\n");
    e = assertThrows(InvalidConfigException.class, () -> list("input.list = " + quoted(noColumn)));
    assertTrue(e.getMessage().contains("has no column 'path' (columns: file)"), e.getMessage());

    e =
        assertThrows(
            InvalidConfigException.class,
            () -> list("input.list = " + quoted(tmp.resolve("nope.csv"))));
    assertTrue(e.getMessage().startsWith("input.list not found: "), e.getMessage());

    e = assertThrows(InvalidConfigException.class, () -> list("input.table = no_such_view"));
    assertEquals("input.table: no table or view named no_such_view", e.getMessage());

    e =
        assertThrows(
            InvalidConfigException.class,
            () -> list("input.list = " + quoted(outside), "input.table = t"));
    assertTrue(e.getMessage().startsWith("input.list and input.table are both set"));

    e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                Inputs.from(TestConfig.with("input.list = " + quoted(outside)))
                    .list(spark, photos + "/*", IMAGES, 100, List.of()));
    assertTrue(
        e.getMessage().contains("is a glob; with input.list or input.table"), e.getMessage());

    Path notInventory = tmp.resolve("other.json");
    Files.writeString(notInventory, "{\"sourceBucket\": \"b\", \"files\": []}");
    e =
        assertThrows(
            InvalidConfigException.class, () -> list("input.list = " + quoted(notInventory)));
    assertTrue(
        e.getMessage()
            .endsWith(
                "is JSON but not an S3 Inventory manifest (it lacks destinationBucket,"
                    + " fileFormat, fileSchema)"),
        e.getMessage());
  }

  /**
   * Paths resolve to the very strings Hadoop's Path makes of them (the lister's and OutputPaths'
   * form), whether or not they need normalising; the lister's filter applies below the root only.
   */
  @Test
  void listedPathsResolveLikeTheLister() {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path("s3a://bucket/scans");
    ListedPaths p =
        new ListedPaths(
            root,
            IMAGES,
            Excluded.of(
                List.of("s3a://bucket/scans/restored"),
                LocalSpark.session().sparkContext().hadoopConfiguration()));
    for (String rel :
        List.of(
            "a b/c#1.jpg",
            "p%20.jpg",
            "plus+sign?.png",
            "10:30.jpg",
            "ünï/写真.jpg",
            "./x.jpg",
            "a//b.jpg",
            "x/../y.jpg",
            "d/e.jpg/")) {
      assertEquals(
          new org.apache.hadoop.fs.Path("s3a://bucket/scans/" + rel).toString(),
          p.resolve(rel),
          rel);
    }
    assertEquals("s3a://bucket/scans/x.jpg", p.resolve("/scans/x.jpg"));
    assertEquals("s3a://bucket/scans/x.jpg", p.resolve("s3a://bucket/scans/./x.jpg"));
    assertEquals("s3a://bucket/scans/p%20.jpg", p.resolve("s3a://bucket/scans/p%20.jpg"));
    assertEquals(null, p.resolve("s3a://other/scans/x.jpg"));
    assertEquals(null, p.resolve("s3a://bucket/scans-old/x.jpg"));
    assertEquals(null, p.resolve("s3a://bucket/scans"));
    assertEquals(null, p.resolve("a/../../x.jpg"));
    assertEquals(null, p.resolve("file:/scans/x.jpg"));
    assertTrue(p.wanted("s3a://bucket/scans/a.jpg"));
    assertTrue(p.wanted("s3a://bucket/scans/restored-old/a.jpg"));
    assertFalse(p.wanted("s3a://bucket/scans/restored/a.jpg"));
    assertFalse(p.wanted("s3a://bucket/scans/x/_faces/a.jpg"));
    assertFalse(p.wanted("s3a://bucket/scans/.git/a.jpg"));
    assertFalse(p.wanted("s3a://bucket/scans/a.txt"));

    ListedPaths local =
        new ListedPaths(
            new org.apache.hadoop.fs.Path("file:/tmp/photos"),
            IMAGES,
            Excluded.of(List.of(), LocalSpark.session().sparkContext().hadoopConfiguration()));
    assertEquals("file:/tmp/photos/a.jpg", local.resolve("/tmp/photos/a.jpg"));
    assertEquals("file:/tmp/photos/a.jpg", local.resolve("file:///tmp/photos/a.jpg"));
    assertEquals("file:/tmp/photos/a.jpg", local.resolve("a.jpg"));
  }
}
