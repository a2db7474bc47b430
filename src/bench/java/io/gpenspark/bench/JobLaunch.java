package io.gpenspark.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job launched as users launch it, in a child process from the repository root: its stdout (the
 * summary line) is echoed to stderr and kept; its stderr goes straight to ours. The child starts
 * without the native-memory variables, as a user's shell does, so that what it runs with is what
 * the launcher sets.
 */
final class JobLaunch {
  private static final Pattern SUMMARY =
      Pattern.compile("^gpen-spark run (\\S+): .*?, (\\d+\\.\\d) s, .*; manifest (\\S+)$");

  /**
   * The launch's summary line, run id, manifest URI, the job's seconds (its summary's: listing to
   * manifest commit) and the launch's (process start to exit).
   */
  record Result(String summary, String runId, String manifest, double jobSeconds, double seconds) {}

  private JobLaunch() {}

  static Result run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    return run(command, env, p -> {});
  }

  /** As {@link #run(List, Map)}; {@code started} sees the process as it starts (to watch it). */
  static Result run(List<String> command, Map<String, String> env, Consumer<Process> started)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    Allocator.clear(pb.environment());
    pb.environment().putAll(env);
    Bench.log("launch: %s", String.join(" ", command));
    long t0 = System.nanoTime();
    Process p = pb.start();
    started.accept(p);
    p.getOutputStream().close();
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        System.err.println(line);
        out.add(line);
      }
    }
    int code = p.waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new IllegalStateException(
          "the job failed (exit " + code + "): " + String.join(" ", command));
    }
    for (String line : out) {
      Matcher m = SUMMARY.matcher(line);
      if (m.matches()) {
        return new Result(line, m.group(1), m.group(3), Double.parseDouble(m.group(2)), seconds);
      }
    }
    throw new IllegalStateException("no summary line in the job's output: " + out);
  }

  /**
   * The job as users launch it: submit/restore-local over {@code in} into {@code out}, then {@code
   * options}, then {@code --set k=v} for each setting.
   */
  static List<String> restoreLocal(
      Path in, Path out, Map<String, String> settings, String... options) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "submit/restore-local",
                "--input",
                in.toAbsolutePath().toString(),
                "--output",
                out.toAbsolutePath().toString()));
    cmd.addAll(List.of(options));
    cmd.addAll(sets(settings));
    return cmd;
  }

  /** {@code --set k=v} for each setting. */
  static List<String> sets(Map<String, String> settings) {
    List<String> args = new ArrayList<>();
    settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    return args;
  }
}
