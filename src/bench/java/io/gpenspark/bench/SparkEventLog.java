package io.gpenspark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a launched run's time went, from its Spark event log (spark.eventLog.enabled): the JVM's
 * and Spark's start (launch to application start), then each Spark job in order (its description,
 * the job's own code line, tasks run, seconds) with the driver-only time before it (listing on the
 * driver, planning, building the next job), and the end (last job to exit).
 */
final class SparkEventLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SparkEventLog() {}

  /** One step of the timeline: Spark jobs in a row from the same code line, or driver time. */
  record Step(String what, String where, double seconds, int jobs, int tasks, double taskSeconds) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("what", what);
      m.put("where", where);
      m.put("seconds", seconds);
      m.put("jobs", jobs);
      m.put("tasks", tasks);
      m.put("taskSeconds", taskSeconds);
      return m;
    }
  }

  /**
   * The timeline of the one event log in {@code dir}, for a process launched at {@code launchMs}
   * (epoch ms) that exited at {@code exitMs}.
   */
  static List<Step> timeline(Path dir, long launchMs, long exitMs) throws IOException {
    Path log;
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> logs = s.filter(Files::isRegularFile).toList();
      if (logs.size() != 1) {
        throw new IllegalStateException("expected one Spark event log in " + dir + ": " + logs);
      }
      log = logs.get(0);
    }
    return read(Files.readAllLines(log, StandardCharsets.UTF_8), launchMs, exitMs);
  }

  private static final class Job {
    String description;
    String where = "";
    long start;
    long end;
    List<Integer> stages = new ArrayList<>();
  }

  /** The timeline of an event log's lines. */
  static List<Step> read(List<String> lines, long launchMs, long exitMs) throws IOException {
    long appStart = -1;
    long appEnd = -1;
    List<Job> jobs = new ArrayList<>();
    Map<Integer, Job> byId = new HashMap<>();
    Map<Integer, Integer> tasksByStage = new HashMap<>();
    Map<Integer, Double> taskSecondsByStage = new HashMap<>();
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      switch (e.path("Event").asText()) {
        case "SparkListenerApplicationStart" -> appStart = e.path("Timestamp").asLong();
        case "SparkListenerApplicationEnd" -> appEnd = e.path("Timestamp").asLong();
        case "SparkListenerJobStart" -> {
          Job j = new Job();
          j.start = e.path("Submission Time").asLong();
          j.end = j.start;
          j.description = e.path("Properties").path("spark.job.description").asText("");
          // The result stage is made last (the highest id): its call site is the job's.
          int result = -1;
          for (JsonNode s : e.path("Stage Infos")) {
            int id = s.path("Stage ID").asInt();
            j.stages.add(id);
            if (id > result) {
              result = id;
              j.where = callSite(s.path("Details").asText(""));
            }
          }
          jobs.add(j);
          byId.put(e.path("Job ID").asInt(), j);
        }
        case "SparkListenerJobEnd" -> {
          Job j = byId.get(e.path("Job ID").asInt());
          if (j != null) {
            j.end = e.path("Completion Time").asLong();
          }
        }
        case "SparkListenerTaskEnd" -> {
          int stage = e.path("Stage ID").asInt();
          tasksByStage.merge(stage, 1, Integer::sum);
          taskSecondsByStage.merge(
              stage,
              e.path("Task Metrics").path("Executor Run Time").asLong() / 1000.0,
              Double::sum);
        }
        default -> {}
      }
    }
    if (appStart < 0) {
      throw new IllegalStateException("no application start in the event log");
    }
    List<Step> steps = new ArrayList<>();
    steps.add(new Step("JVM and Spark start", "", (appStart - launchMs) / 1e3, 0, 0, 0));
    long last = appStart;
    for (int i = 0; i < jobs.size(); ) {
      Job first = jobs.get(i);
      steps.add(new Step("driver only", "", Math.max(0, first.start - last) / 1e3, 0, 0, 0));
      // Consecutive jobs of one call (AQE runs a query's stages as several jobs) are one step.
      int tasks = 0;
      double taskSeconds = 0;
      long end = first.end;
      int k = i;
      for (;
          k < jobs.size()
              && jobs.get(k).where.equals(first.where)
              && jobs.get(k).description.equals(first.description);
          k++) {
        for (int s : jobs.get(k).stages) {
          tasks += tasksByStage.getOrDefault(s, 0);
          taskSeconds += taskSecondsByStage.getOrDefault(s, 0.0);
        }
        end = Math.max(end, jobs.get(k).end);
      }
      steps.add(
          new Step(
              first.description,
              first.where,
              (end - first.start) / 1e3,
              k - i,
              tasks,
              taskSeconds));
      last = Math.max(last, end);
      i = k;
    }
    long stopped = appEnd > 0 ? appEnd : last;
    steps.add(new Step("driver only, then Spark stop", "", (stopped - last) / 1e3, 0, 0, 0));
    steps.add(new Step("JVM exit", "", (exitMs - stopped) / 1e3, 0, 0, 0));
    return steps;
  }

  /**
   * A Spark call site as "count @ RestoreJob.execute:150": the Spark method called, then the first
   * frame of this project's code ("" when there is none).
   */
  static String callSite(String details) {
    String[] frames = details.strip().split("\n");
    String op = frames[0].strip();
    op = op.contains("(") ? op.substring(0, op.indexOf('(')) : op;
    op = op.substring(op.lastIndexOf('.') + 1);
    for (String frame : frames) {
      String f = frame.strip();
      if (f.startsWith("io.gpenspark.") && f.contains("(") && f.endsWith(")")) {
        // io.gpenspark.job.RestoreJob.execute(RestoreJob.java:150)
        String[] parts = f.substring(0, f.indexOf('(')).split("\\.");
        String line = f.substring(f.lastIndexOf(':') + 1, f.length() - 1);
        return op + " @ " + parts[parts.length - 2] + "." + parts[parts.length - 1] + ":" + line;
      }
    }
    return "";
  }
}
