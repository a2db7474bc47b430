package io.gpenspark.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * S3A settings the job uses unless told otherwise (any of them can be overridden with --set
 * spark.…): S3A retries throttling (503 SlowDown) and transient failures (500, connection resets)
 * with backoff, first inside the AWS SDK, then with its own policy. The manifest's committer is
 * chosen per deployment (see submit/spark-submit.template): the magic committer needs an S3 store
 * with multipart-upload listing, which some do not have.
 */
public final class StorageDefaults {
  private StorageDefaults() {}

  public static Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    // Measured (SecretsTest, StorageFaultTest): Hadoop 3.3.4's own defaults retry an unreachable
    // endpoint for many minutes, and the SDK retries a wrong secret as clock skew. S3A leaves
    // 500s to the SDK's attempts, so those must stay at 3 or more.
    s.put("spark.hadoop.fs.s3a.attempts.maximum", "5");
    s.put("spark.hadoop.fs.s3a.retry.limit", "4");
    s.put("spark.hadoop.fs.s3a.retry.interval", "500ms");
    s.put("spark.hadoop.fs.s3a.retry.throttle.limit", "20");
    s.put("spark.hadoop.fs.s3a.retry.throttle.interval", "1000ms");
    s.put("spark.hadoop.fs.s3a.connection.establish.timeout", "5000");
    s.put("spark.hadoop.fs.s3a.connection.timeout", "60000");
    return s;
  }
}
