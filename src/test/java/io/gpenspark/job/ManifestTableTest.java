package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.cli.GpenSparkRunner;
import io.gpenspark.cli.GpenSparkRunner.Result;
import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.manifest.CatalogTable;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.manifest.ManifestStore;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.PhotoTree;
import io.gpenspark.testing.SharedFiles;
import io.gpenspark.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * manifest.table: the job commits its manifest to an Apache Iceberg table (a Hadoop catalog on
 * local disk, configured as users do with --set spark.sql.catalog.*), plans incremental runs from
 * it, and each run is one snapshot to travel back to. Each test uses its own catalog name: the
 * tests' Spark session keeps a catalog once loaded.
 */
@IntegrationTest
class ManifestTableTest {

  /** An Iceberg catalog {@code name} over a warehouse folder, as Spark settings. */
  private static Map<String, String> icebergCatalog(String name, Path warehouse) {
    String key = "spark.sql.catalog." + name;
    return Map.of(
        key,
        "org.apache.iceberg.spark.SparkCatalog",
        key + ".type",
        "hadoop",
        key + ".warehouse",
        warehouse.toUri().toString());
  }

  /** The settings as the command line's --set options, as users pass them. */
  private static List<String> asSetOptions(Map<String, String> settings) {
    List<String> args = new ArrayList<>();
    settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    return args;
  }

  private static Result restore(Path in, Path out, List<String> more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input",
                in.toString(),
                "--output",
                out.toString(),
                "--set",
                "detect.model=" + SharedFiles.yunet(),
                "--set",
                "restore.enabled=false"));
    args.addAll(more);
    Result r = GpenSparkRunner.restore(args.toArray(String[]::new));
    System.out.print(r.out());
    return r;
  }

  @Test
  void runsCommitToTheTablePlanFromItAndTravelBack(@TempDir Path tmp) throws Exception {
    SparkSession spark = LocalSpark.session();
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path out = tmp.resolve("out");
    Map<String, String> expected = PhotoTree.write(in);
    List<String> table = asSetOptions(icebergCatalog("lake", tmp.resolve("warehouse")));
    table.addAll(List.of("--manifest-table", "lake.db.manifest", "--mode", "incremental"));

    Result first = restore(in, out, plus(table, "--set", "job.run-id=first"));
    assertEquals(0, first.code(), first.err());
    assertTrue(first.out().strip().endsWith("manifest lake.db.manifest"), first.out());
    Path adele = in.resolve("portraits/Adele crop.PNG");
    Files.setLastModifiedTime(
        adele, FileTime.fromMillis(Files.getLastModifiedTime(adele).toMillis() + 60_000));
    Result second = restore(in, out, plus(table, "--set", "job.run-id=second"));
    assertEquals(0, second.code(), second.err());
    assertFalse(Files.exists(out.resolve("_manifest")), "no Parquet folder beside the table");

    // Every run's rows, one per input per run.
    Map<String, Map<String, String>> byRun =
        statusByRun(in, spark.sql("SELECT * FROM lake.db.manifest").collectAsList());
    assertEquals(2, byRun.size(), byRun.toString());
    assertEquals(expected, byRun.get("first"));
    // The second run wrote rows for what it processed only: the changed and the failed input.
    assertEquals(
        Map.of("portraits/Adele crop.PNG", "ok", "landscapes/broken.jpg", "failed"),
        byRun.get("second"));

    // The current row per input: the changed and the failed input from the second run.
    List<Row> current = ManifestReader.current(spark.table("lake.db.manifest")).collectAsList();
    assertEquals(expected.size(), current.size());
    Map<String, String> currentRun =
        current.stream()
            .collect(
                Collectors.toMap(r -> relative(in, r.getAs("input_path")), r -> r.getAs("run_id")));
    assertEquals("second", currentRun.get("portraits/Adele crop.PNG"));
    assertEquals("first", currentRun.get("landscapes/sky.png"));

    // One snapshot per run, one partition per run; the first snapshot holds the first run only.
    List<Row> snapshots =
        spark
            .sql(
                "SELECT snapshot_id, operation FROM lake.db.manifest.snapshots ORDER BY committed_at")
            .collectAsList();
    assertEquals(2, snapshots.size(), snapshots.toString());
    assertEquals("append", snapshots.get(1).getString(1));
    assertEquals(2, spark.sql("SELECT * FROM lake.db.manifest.partitions").count());
    long firstSnapshot = snapshots.get(0).getLong(0);
    Map<String, Map<String, String>> then =
        statusByRun(
            in,
            spark
                .sql("SELECT * FROM lake.db.manifest VERSION AS OF " + firstSnapshot)
                .collectAsList());
    assertEquals(Map.of("first", expected), then);
    List<Row> viaOption =
        spark.read().option("snapshot-id", firstSnapshot).table("lake.db.manifest").collectAsList();
    assertEquals(expected.size(), viaOption.size());

    // A nothing-new nightly run (the broken file, which every incremental run retries, removed):
    // no row, no snapshot; its record in the runs table.
    Files.delete(in.resolve("landscapes/broken.jpg"));
    Result third = restore(in, out, plus(table, "--set", "job.run-id=third"));
    assertEquals(0, third.code(), third.err());
    assertEquals(
        expected.size() + 2L, spark.sql("SELECT * FROM lake.db.manifest").count(), "no new rows");
    assertEquals(
        2, spark.sql("SELECT * FROM lake.db.manifest.snapshots").count(), "no new snapshot");
    Map<String, Long> unchanged =
        spark.sql("SELECT run_id, unchanged FROM lake.db.manifest_runs").collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    long photos = expected.size();
    assertEquals(Map.of("first", 0L, "second", photos - 2, "third", photos - 1), unchanged);

    // The readers take the table as they take a folder: manifest show/stats and the report.
    List<String> lake = asSetOptions(icebergCatalog("lake", tmp.resolve("warehouse")));
    Result shown =
        GpenSparkRunner.run(
            withSets(
                lake,
                "manifest",
                "show",
                "--manifest-table",
                "lake.db.manifest",
                "--format",
                "csv",
                "--limit",
                "100"));
    assertEquals(0, shown.code(), shown.err());
    List<String> lines = shown.out().strip().lines().toList();
    assertEquals(expected.size() + 1, lines.size(), "a header and the current row per input");
    assertEquals(2, lines.stream().filter(l -> l.startsWith("second,")).count(), shown.out());
    Result report =
        GpenSparkRunner.run(
            withSets(
                lake,
                "report",
                "--manifest-table",
                "lake.db.manifest",
                "--run",
                "second",
                "--output",
                tmp.resolve("report.html").toString()));
    assertEquals(0, report.code(), report.err());
    assertTrue(report.out().contains(": 2 inputs {failed=1, ok=1}"), report.out());
    String html = Files.readString(tmp.resolve("report.html"));
    assertTrue(html.contains("run second"));
    assertTrue(html.contains("id=\"record-second\""), "the run's record, from the runs table");
    // The runs, from the runs table: the third wrote no row and is listed from its record.
    Result runs =
        GpenSparkRunner.run(
            withSets(lake, "manifest", "runs", "--manifest-table", "lake.db.manifest"));
    assertEquals(0, runs.code(), runs.err());
    List<String> runLines =
        runs.out().lines().filter(l -> l.matches("^(first|second|third) .*")).toList();
    assertEquals(3, runLines.size(), runs.out());
    assertTrue(runLines.get(2).startsWith("third"), runs.out());
    assertTrue(runLines.get(2).contains("succeeded"), runs.out());
    assertTrue(
        Files.readString(out.resolve("_runs/third.json"))
            .contains("\"manifest\":\"lake.db.manifest\""),
        "a table run's record names the table");
    Result missing =
        GpenSparkRunner.run(
            withSets(lake, "manifest", "stats", "--manifest-table", "lake.db.none"));
    assertEquals(2, missing.code(), missing.out());
    assertEquals(
        "gpen-spark manifest: manifest table not found: lake.db.none", missing.err().strip());
    Result elsewhere =
        GpenSparkRunner.run(
            withSets(lake, "manifest", "stats", "--manifest-table", "lake.other.none"));
    assertEquals(2, elsewhere.code(), elsewhere.out());
    assertTrue(
        spark.sql("SHOW NAMESPACES IN lake").collectAsList().stream()
            .noneMatch(r -> r.getString(0).equals("other")),
        "a reader creates nothing");
  }

  @Test
  void aBadTableOrCatalogStopsTheJobBeforeAnyWork(@TempDir Path tmp) throws Exception {
    SparkSession spark = LocalSpark.session();
    Path in = Files.createDirectories(tmp.resolve("in"));
    PhotoTree.write(in);
    Path out = tmp.resolve("out");
    assertOneLine(
        restore(in, out, List.of("--manifest-table", "db.manifest")), "must name its catalog");
    assertOneLine(
        restore(in, out, List.of("--manifest-table", "lake..manifest")), "is not a table name");
    assertOneLine(
        restore(in, out, List.of("--manifest-table", "nolake.db.manifest")),
        "catalog 'nolake' is not configured");
    assertOneLine(
        restore(
            in,
            out,
            List.of(
                "--manifest-table",
                "broken.db.manifest",
                "--set",
                "spark.sql.catalog.broken=org.example.NoSuchCatalog")),
        "cannot use catalog 'broken'");
    // An existing table of another schema.
    Map<String, String> other = icebergCatalog("other", tmp.resolve("warehouse"));
    other.forEach(spark.conf()::set);
    spark.sql("CREATE TABLE other.db.manifest (run_id string, input_path int) USING iceberg");
    assertOneLine(
        restore(in, out, plus(asSetOptions(other), "--manifest-table", "other.db.manifest")),
        "table other.db.manifest does not have the manifest's schema: missing input_bytes bigint");
    assertFalse(Files.exists(out), "nothing written before the check");
  }

  private static void assertOneLine(Result r, String mentions) {
    System.out.print(r.err());
    assertEquals(2, r.code(), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertTrue(r.err().contains(mentions), r.err());
  }

  @Test
  void anySchemaAppendsToANamedTableAndRunRecordsGoBesideTheManifest(@TempDir Path tmp) {
    SparkSession spark = LocalSpark.session();
    icebergCatalog("scratch", tmp).forEach(spark.conf()::set);
    StructType schema =
        new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("images", DataTypes.LongType, false)
            .add("note", DataTypes.StringType, true);

    CatalogTable.appendRows(
        spark, "scratch.db.records", schema, List.of(RowFactory.create("a", 5L, null)));
    CatalogTable.appendRows(
        spark,
        "scratch.db.records",
        schema,
        List.of(RowFactory.create("b", 7L, "x"), RowFactory.create("c", 0L, null)));
    assertEquals(
        List.of("a 5 null", "b 7 x", "c 0 null"),
        spark.sql("SELECT * FROM scratch.db.records ORDER BY run_id").collectAsList().stream()
            .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2))
            .toList());
    InvalidConfigException other =
        assertThrows(
            InvalidConfigException.class,
            () ->
                CatalogTable.appendRows(
                    spark,
                    "scratch.db.records",
                    new StructType()
                        .add("run_id", DataTypes.StringType)
                        .add("images", DataTypes.IntegerType),
                    List.of(RowFactory.create("d", 1))));
    assertEquals(
        "table scratch.db.records does not have the rows' schema: extra note string; images is bigint, not int",
        other.getMessage());

    // A run's record, through the store the job uses: <manifest.table>_runs.
    ManifestStore store =
        ManifestStore.of(TestConfig.with("manifest.table = \"scratch.db.manifest\""), "unused")
            .check(spark);
    store.appendRunRecord(spark, schema, RowFactory.create("run-1", 12L, "done"));
    assertFalse(store.exists(spark), "no manifest rows yet");
    assertEquals(1, spark.table("scratch.db.manifest_runs").where("images = 12").count());
  }

  /** A command line: {@code words}, then the --set options. */
  private static String[] withSets(List<String> sets, String... words) {
    return Stream.concat(Stream.of(words), sets.stream()).toArray(String[]::new);
  }

  private static List<String> plus(List<String> args, String... more) {
    return Stream.concat(args.stream(), Stream.of(more)).toList();
  }

  private static Map<String, Map<String, String>> statusByRun(Path in, List<Row> rows) {
    return rows.stream()
        .collect(
            Collectors.groupingBy(
                r -> r.getAs("run_id"),
                Collectors.toMap(
                    r -> relative(in, r.getAs("input_path")), r -> r.getAs("status"))));
  }

  /** An input_path (a qualified Hadoop path) as PhotoTree's key. */
  private static String relative(Path in, String inputPath) {
    String root = in.toString() + "/";
    return inputPath.substring(inputPath.indexOf(root) + root.length());
  }
}
