package io.gpenspark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Watches a launched job's JVM from /proc (Linux) while it runs: its peak resident set (VmHWM) and
 * CPU time. The launcher is a bash script that {@code exec}s java, so the process is bash first and
 * java after the exec (same pid; the kernel resets VmHWM there): only samples taken once its
 * command is java count. VmHWM never falls, so the last sample before exit is the peak to within
 * one polling interval; a zombie has no memory lines, hence the polling.
 */
final class JvmWatch implements AutoCloseable {
  private static final long POLL_MS = 50;

  /** USER_HZ: the unit of /proc/PID/stat's CPU times (100 on every Linux architecture we run). */
  private static final double TICKS_PER_SECOND = 100;

  private final Path proc;
  private final Thread poller;
  private volatile long peakRssKiB = -1;
  private volatile long cpuTicks = -1;
  private volatile boolean stop;

  private JvmWatch(long pid) {
    this.proc = Path.of("/proc", Long.toString(pid));
    this.poller = new Thread(this::poll, "jvm-watch-" + pid);
    poller.setDaemon(true);
    poller.start();
  }

  static JvmWatch of(Process p) {
    return new JvmWatch(p.pid());
  }

  /** Peak resident set of the java process in MiB, or NaN if it was never seen as java. */
  double peakRssMiB() {
    return peakRssKiB < 0 ? Double.NaN : peakRssKiB / 1024.0;
  }

  /** User plus system CPU seconds of the java process (all its threads), or NaN. */
  double cpuSeconds() {
    return cpuTicks < 0 ? Double.NaN : cpuTicks / TICKS_PER_SECOND;
  }

  private void poll() {
    while (!stop) {
      sample();
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    try {
      if (!Files.readString(proc.resolve("comm")).strip().equals("java")) {
        return;
      }
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith("VmHWM:")) {
          peakRssKiB = Math.max(peakRssKiB, Long.parseLong(line.replaceAll("\\D", "")));
        }
      }
      // Fields 14 and 15 (utime, stime), counted after the ")" that ends the command name.
      String stat = Files.readString(proc.resolve("stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      cpuTicks = Math.max(cpuTicks, Long.parseLong(f[11]) + Long.parseLong(f[12]));
    } catch (IOException | RuntimeException e) {
      // gone or not yet there: the samples already taken stand
    }
  }

  /** Stops polling. */
  @Override
  public void close() throws InterruptedException {
    stop = true;
    poller.interrupt();
    poller.join();
  }
}
