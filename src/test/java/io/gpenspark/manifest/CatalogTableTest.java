package io.gpenspark.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.InvalidConfigException;
import io.gpenspark.testing.TestConfig;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** manifest.table's names and schema comparison, without Spark (ManifestTableTest writes). */
class CatalogTableTest {

  @Test
  void theFolderUnlessATableIsNamed() {
    assertEquals(new ParquetFolder("s3a://b/m"), ManifestStore.of(TestConfig.with(), "s3a://b/m"));
    ManifestStore table =
        ManifestStore.of(TestConfig.with("manifest.table = \"lake.db.manifest\""), "unused");
    CatalogTable t = assertInstanceOf(CatalogTable.class, table);
    assertEquals(List.of("lake", "db", "manifest"), t.table());
    assertEquals("lake.db.manifest_runs", CatalogTable.name(t.runsTable()));
    assertEquals("lake.db.manifest", table.location());
    assertEquals(
        "manifest.table and manifest.uri (--manifest-table and --manifest) are both set: the"
            + " manifest goes to one of them",
        assertThrows(
                InvalidConfigException.class,
                () ->
                    ManifestStore.of(
                        TestConfig.with(
                            "manifest.table = \"lake.db.manifest\"", "manifest.uri = \"/m\""),
                        "/m"))
            .getMessage());
  }

  @Test
  void runsTableIsNamedOrBesideTheManifest() {
    assertEquals(
        List.of("other", "ops", "runs"),
        CatalogTable.named("lake.db.manifest", Optional.of("other.ops.runs")).runsTable());
    // Quoted parts stay quoted; the suffix goes inside the last one.
    CatalogTable quoted = CatalogTable.named("lake.`photo db`.`my manifest`", Optional.empty());
    assertEquals(List.of("lake", "photo db", "my manifest"), quoted.table());
    assertEquals("lake.`photo db`.`my manifest_runs`", CatalogTable.name(quoted.runsTable()));
    assertEquals(
        List.of("lake", "a", "b", "manifest"),
        CatalogTable.named("lake.a.b.manifest", Optional.empty()).table(),
        "nested namespaces");
  }

  @Test
  void aNameThatDoesNotParseOrLacksItsCatalogIsRefused() {
    assertEquals(
        "manifest.table 'db.manifest' must name its catalog, namespace and table: catalog.db.table",
        refused("db.manifest", Optional.empty()));
    assertTrue(
        refused("lake..manifest", Optional.empty())
            .startsWith(
                "manifest.table 'lake..manifest' is not a table name (catalog.db.table): "));
    assertTrue(
        refused("lake.db.manifest", Optional.of("lake.db.runs table"))
            .startsWith("manifest.runs-table 'lake.db.runs table' is not a table name"));
    String message = refused("lake.db.`open", Optional.empty());
    assertEquals(1, message.lines().count(), message);
  }

  private static String refused(String table, Optional<String> runs) {
    return assertThrows(InvalidConfigException.class, () -> CatalogTable.named(table, runs))
        .getMessage();
  }

  @Test
  void schemasDifferByNameTypeAndOrderNotNullability() {
    StructType wants =
        new StructType()
            .add("run_id", DataTypes.StringType, false)
            .add("faces", DataTypes.IntegerType, false)
            .add("psnr", DataTypes.DoubleType, true);
    StructType nullable =
        new StructType()
            .add("run_id", DataTypes.StringType, true)
            .add("faces", DataTypes.IntegerType, true)
            .add("psnr", DataTypes.DoubleType, true);
    assertEquals("", CatalogTable.difference(nullable, wants));
    StructField[] f = nullable.fields();
    assertEquals(
        "its columns are in another order",
        CatalogTable.difference(new StructType(new StructField[] {f[1], f[0], f[2]}), wants));
    StructType other =
        new StructType()
            .add("run_id", DataTypes.StringType)
            .add("faces", DataTypes.LongType)
            .add("note", DataTypes.StringType);
    assertEquals(
        "missing psnr double; extra note string; faces is bigint, not int",
        CatalogTable.difference(other, wants));
    assertEquals("", CatalogTable.difference(ManifestSchema.SCHEMA, ManifestSchema.SCHEMA));
  }
}
