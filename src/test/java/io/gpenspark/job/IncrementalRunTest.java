package io.gpenspark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gpenspark.config.JobConfig;
import io.gpenspark.imageio.OpenCv;
import io.gpenspark.manifest.ManifestReader;
import io.gpenspark.testing.IntegrationTest;
import io.gpenspark.testing.LocalSpark;
import io.gpenspark.testing.PhotoTree;
import io.gpenspark.testing.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-runs: incremental skips what is unchanged, retries what failed, and the manifest keeps one
 * current row per input.
 */
@IntegrationTest
class IncrementalRunTest {

  private static RestoreSummary run(Path in, Path out, Map<String, String> extra) {
    Map<String, String> o = new HashMap<>(extra);
    o.put("input.uri", '"' + in.toString() + '"');
    o.put("output.uri", '"' + out.toString() + '"');
    o.put("detect.model", '"' + SharedFiles.yunet().toString() + '"');
    o.put("restore.enabled", "false");
    RestoreSummary s = RestoreJob.of(LocalSpark.session(), JobConfig.load(null, o)).execute();
    System.out.println(s.line());
    return s;
  }

  private static Map<String, String> statuses(SparkSession spark, Path out, String runId) {
    return ManifestReader.all(spark, out.resolve("_manifest").toString())
        .where("run_id = '" + runId + "'")
        .collectAsList()
        .stream()
        .collect(Collectors.toMap(r -> r.getAs("input_path"), r -> r.getAs("status")));
  }

  @Test
  void reRunsProcessOnlyWhatTheyMust(@TempDir Path tmp) throws Exception {
    OpenCv.load();
    SparkSession spark = LocalSpark.session();
    Path in = Files.createDirectories(tmp.resolve("in"));
    Path out = tmp.resolve("out");
    PhotoTree.write(in);

    RestoreSummary first = run(in, out, Map.of("job.mode", "incremental"));
    assertEquals(5, first.inputs());
    assertEquals(0, first.count("skipped"), "nothing to skip on a first run");

    RestoreSummary second = run(in, out, Map.of("job.mode", "incremental"));
    assertEquals(4, second.count("skipped"), "ok and no_face rows are kept");
    assertEquals(1, second.count("failed"), "the broken file is tried again");
    System.out.printf(
        "first run %.1f s, re-run with nothing new %.1f s%n", first.seconds(), second.seconds());

    // A changed file, a new file, and the same settings: only those two are processed.
    Path adele = in.resolve("portraits/Adele crop.PNG");
    Files.setLastModifiedTime(
        adele, FileTime.fromMillis(Files.getLastModifiedTime(adele).toMillis() + 60_000));
    Files.copy(
        SharedFiles.faces("gfpgan-cropped/Julia_Roberts_crop.png"),
        in.resolve("portraits/julia.png"));
    RestoreSummary third = run(in, out, Map.of("job.mode", "incremental"));
    Map<String, String> s3 = statuses(spark, out, third.runId());
    assertEquals(6, s3.size(), "one row per input, the new one included");
    assertEquals("ok", pick(s3, "Adele crop.PNG"));
    assertEquals("ok", pick(s3, "julia.png"));
    assertEquals("skipped", pick(s3, "group photo.JPG"));

    // --retry-failed: only the failed input is processed.
    RestoreSummary retry = run(in, out, Map.of("job.retry-failed", "true"));
    assertEquals(5, retry.count("skipped"));
    assertEquals(1, retry.count("failed"));

    // Other settings: everything is processed again.
    RestoreSummary changed =
        run(in, out, Map.of("job.mode", "incremental", "postprocess.blend.weight", "0.7"));
    assertEquals(0, changed.count("skipped"));

    // The current row per input: six inputs, none of them "skipped", the latest outcome each.
    List<Row> current =
        ManifestReader.current(spark, out.resolve("_manifest").toString()).collectAsList();
    assertEquals(6, current.size());
    assertTrue(current.stream().allMatch(r -> r.getAs("run_id").equals(changed.runId())));
    // Skipped rows carry the output and scores forward.
    Row kept =
        ManifestReader.all(spark, out.resolve("_manifest").toString())
            .where(
                "run_id = '"
                    + second.runId()
                    + "' and status = 'skipped' and input_path like '%group photo%'")
            .first();
    assertTrue(((String) kept.getAs("output_path")).endsWith("group photo.JPG"));
    assertTrue((double) kept.getAs("psnr") > 0);
  }

  private static String pick(Map<String, String> byPath, String suffix) {
    return byPath.entrySet().stream()
        .filter(e -> e.getKey().endsWith(suffix))
        .findFirst()
        .orElseThrow()
        .getValue();
  }
}
