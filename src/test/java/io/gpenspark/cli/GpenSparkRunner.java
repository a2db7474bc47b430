package io.gpenspark.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs gpen-spark commands in this JVM (with the tests' Spark session), capturing stdout and
 * stderr.
 */
public final class GpenSparkRunner {
  private GpenSparkRunner() {}

  public record Result(int code, String out, String err) {}

  public static Result run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    io.gpenspark.testing.LocalSpark.session();
    int code =
        GpenSpark.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** {@code gpen-spark restore ARGS}. */
  public static Result restore(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "restore";
    System.arraycopy(args, 0, all, 1, args.length);
    return run(all);
  }
}
