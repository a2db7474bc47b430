package io.gpenspark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.manifest.ManifestRecord;
import io.gpenspark.manifest.ManifestSchema;
import io.gpenspark.manifest.ProcessingSpan;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest read without Spark (ManifestFiles, ManifestSelection) and its statistics in plain
 * Java (ManifestStats) against Spark's reading and Spark SQL aggregates of the same manifest, which
 * the real job wrote (two runs).
 */
@IntegrationTest
class ManifestStatsTest {
  static RunManifests m;
  static SparkSession spark;

  @BeforeAll
  static void manifest() {
    m = RunManifests.get();
    spark = LocalSpark.session();
  }

  private static String key(String runId, String path) {
    return runId + "\u0000" + path;
  }

  @Test
  void everyValueAsSparkReadsIt() {
    List<ManifestRecord> plain = ManifestSelection.all(m.manifest).select(spark).rows();
    List<Row> rows = ManifestReader.all(spark, m.manifest).collectAsList();
    assertEquals(9, plain.size());
    assertEquals(rows.size(), plain.size());
    Map<String, ManifestRecord> byKey = new HashMap<>();
    plain.forEach(r -> byKey.put(key(r.runId(), r.inputPath()), r));
    String[] names = ManifestSchema.SCHEMA.fieldNames();
    for (Row r : rows) {
      ManifestRecord p =
          byKey.get(key(r.getAs(ManifestSchema.RUN_ID), r.getAs(ManifestSchema.INPUT_PATH)));
      assertTrue(p != null, r.toString());
      for (int i = 0; i < names.length; i++) {
        Object v = r.getAs(names[i]);
        Object expected = v instanceof Timestamp t ? t.toInstant() : v;
        assertEquals(expected, p.values()[i], names[i] + " of " + r);
      }
    }
  }

  @Test
  void selectionsAsSparkMakesThem() {
    Dataset<Row> all = ManifestReader.all(spark, m.manifest);
    assertEquals(
        keys(ManifestReader.current(all)),
        keys(ManifestSelection.current(m.manifest).select(spark).rows()));
    assertEquals(
        keys(all.where("run_id = 'run-1'")),
        keys(ManifestSelection.run(m.manifest, "run-1").select(spark).rows()));
    ManifestSelection.Selected latest = ManifestSelection.latest(m.manifest).select(spark);
    assertEquals("run-2", latest.selection().runId());
    assertEquals(keys(all.where("run_id = 'run-2'")), keys(latest.rows()));
  }

  private static Map<String, String> keys(Dataset<Row> rows) {
    Map<String, String> k = new TreeMap<>();
    rows.collectAsList()
        .forEach(r -> k.put(r.getAs(ManifestSchema.INPUT_PATH), r.getAs(ManifestSchema.RUN_ID)));
    return k;
  }

  private static Map<String, String> keys(List<ManifestRecord> rows) {
    Map<String, String> k = new TreeMap<>();
    rows.forEach(r -> k.put(r.inputPath(), r.runId()));
    return k;
  }

  @Test
  void statisticsAsSparkSqlComputesThem() {
    Dataset<Row> all = ManifestReader.all(spark, m.manifest);
    check(all, ManifestSelection.all(m.manifest).select(spark).rows());
    check(ManifestReader.current(all), ManifestSelection.current(m.manifest).select(spark).rows());
    check(
        all.where("run_id = 'run-1'"),
        ManifestSelection.run(m.manifest, "run-1").select(spark).rows());
  }

  private static void check(Dataset<Row> rows, List<ManifestRecord> plain) {
    ManifestStats s = ManifestStats.of(plain);
    rows.createOrReplaceTempView("sel");
    Row t =
        spark
            .sql(
                "SELECT count(*), sum(faces), "
                    + String.join(
                        ", ", ManifestSchema.STAGES.stream().map(x -> "sum(ms_" + x + ")").toList())
                    + " FROM sel")
            .first();
    assertEquals(t.getLong(0), s.rows());
    assertEquals(t.getLong(1), s.faces());
    for (int i = 0; i < ManifestSchema.STAGES.size(); i++) {
      double ms = t.getDouble(2 + i);
      assertEquals(ms, s.stageMsTotal().get(ManifestSchema.STAGES.get(i)), 1e-9 * (1 + ms));
    }
    assertEquals(counts("SELECT status, count(*) FROM sel GROUP BY status"), s.byStatus());
    assertEquals(
        counts(
            "SELECT error_code, count(*) FROM sel WHERE error_code IS NOT NULL GROUP BY error_code"),
        s.byErrorCode());

    List<Row> spans =
        rows.groupBy(ManifestSchema.RUN_ID)
            .agg(
                org.apache.spark.sql.functions.count("*"),
                org.apache.spark.sql.functions.sum("faces"))
            .orderBy(ManifestSchema.RUN_ID)
            .collectAsList();
    assertEquals(spans.size(), s.runs().size());
    for (int i = 0; i < spans.size(); i++) {
      ManifestStats.RunSpan r = s.runs().get(i);
      assertEquals(spans.get(i).getString(0), r.runId());
      assertEquals(spans.get(i).getLong(1), r.rows());
      assertEquals(spans.get(i).getLong(2), r.faces());
      // The job's summary computes the same span with Spark columns.
      assertEquals(
          ProcessingSpan.seconds(rows.where(rows.col(ManifestSchema.RUN_ID).equalTo(r.runId()))),
          r.seconds());
    }

    for (String metric : ManifestStats.METRICS) {
      List<Row> q =
          spark
              .sql(
                  "SELECT coalesce(metric_reference, 'unknown') AS ref, count(*),"
                      + " sum(CASE WHEN isnan(v) OR abs(v) = double('inf') THEN 1 ELSE 0 END),"
                      + " avg(f), percentile(f, 0.5), min(f), max(f)"
                      + " FROM (SELECT *, "
                      + metric
                      + " AS v, CASE WHEN isnan("
                      + metric
                      + ") OR abs("
                      + metric
                      + ") = double('inf') THEN NULL ELSE "
                      + metric
                      + " END AS f FROM sel WHERE "
                      + metric
                      + " IS NOT NULL)"
                      + " GROUP BY ref ORDER BY ref")
              .collectAsList();
      List<ManifestStats.MetricSummary> ms = s.metric(metric);
      assertEquals(q.size(), ms.size(), metric);
      for (int i = 0; i < q.size(); i++) {
        Row e = q.get(i);
        ManifestStats.MetricSummary a = ms.get(i);
        assertEquals(e.getString(0), a.reference());
        assertEquals(e.getLong(1), a.count());
        assertEquals(e.getLong(2), a.infinite());
        assertEquals(e.getDouble(3), a.mean(), 1e-9);
        assertEquals(e.getDouble(4), a.median(), 1e-9);
        assertEquals(e.getDouble(5), a.min(), 0.0);
        assertEquals(e.getDouble(6), a.max(), 0.0);
        assertEquals(
            a.count() - a.infinite(), a.histogram().total(), "every finite value in a bin");
      }
    }
  }

  private static Map<String, Long> counts(String sql) {
    Map<String, Long> c = new TreeMap<>();
    spark.sql(sql).collectAsList().forEach(r -> c.put(r.getString(0), r.getLong(1)));
    return c;
  }

  /**
   * A manifest as older versions wrote it: a later run left every input of run-1 alone and wrote a
   * skipped row for each. The current rows ignore them (as Spark's reading does), every row still
   * counts them, and the report shows them in their own card.
   */
  @Test
  void olderManifestsWithSkippedRowsReadAsBefore(@TempDir Path tmp) {
    String old = tmp.resolve("_manifest").toString();
    Dataset<Row> all = ManifestReader.all(spark, m.manifest);
    Dataset<Row> skipped =
        all.where("run_id = 'run-1'")
            .withColumn(ManifestSchema.RUN_ID, functions.lit("run-3-skipped"))
            .withColumn(ManifestSchema.STATUS, functions.lit("skipped"))
            .withColumn("processed_at", functions.current_timestamp());
    all.unionByName(skipped).write().partitionBy(ManifestSchema.RUN_ID).parquet(old);

    assertEquals(
        keys(ManifestSelection.current(m.manifest).select(spark).rows()),
        keys(ManifestSelection.current(old).select(spark).rows()),
        "skipped rows never become current");
    assertEquals(
        keys(ManifestReader.current(spark, old)),
        keys(ManifestSelection.current(old).select(spark).rows()));
    ManifestSelection.Selected every = ManifestSelection.all(old).select(spark);
    assertEquals(7, ManifestStats.of(every.rows()).count("skipped"));
    String html =
        HtmlReport.build(spark, every, HtmlReport.Options.defaults().withGallery(0)).html();
    assertTrue(html.contains("id=\"count-skipped\">7<"), "a card for the old skipped rows");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, ManifestStats.median(new double[] {1, 2, 3, 4}));
    assertEquals(2.0, ManifestStats.median(new double[] {1, 2, 3}));
  }
}
