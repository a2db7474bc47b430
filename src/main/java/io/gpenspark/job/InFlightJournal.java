package io.gpenspark.job;

import io.gpenspark.imageio.ImageStorage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one task attempt is restoring, kept in the output's storage so that a later attempt of the
 * same partition knows which images were in flight when an executor died (a native crash, an OOM
 * kill). Under {@code <output>/_journal/<run id>/stage=<id>/part=<partition>/}:
 *
 * <ul>
 *   <li>{@code <stage attempt>.<attempt>}: the input paths of the group this attempt is working on,
 *       rewritten before each group starts, deleted when the attempt ends in a living JVM;
 *   <li>{@code <stage attempt>.<attempt>.lost}: written on the driver ({@link LostAttempts}) when
 *       Spark reports that attempt lost with its executor.
 * </ul>
 *
 * Only markers of earlier attempts with a lost verdict count against an image, so a speculative
 * copy never takes a running attempt's images for poison. An image in flight in {@link
 * #LOST_TO_SKIP} lost attempts is not tried again; one in flight in any earlier attempt runs alone,
 * so a group that died together is told apart image by image.
 */
final class InFlightJournal implements AutoCloseable {
  /** Two, not one: a single lost executor (preempted node, unrelated kill) costs no image. */
  static final int LOST_TO_SKIP = 2;

  private static final String LOST = ".lost";
  private static final Logger LOG = LoggerFactory.getLogger(InFlightJournal.class);

  private final FileSystem fs;
  private final Path dir;
  private final Path mine;
  private final long verdictWaitMs;

  /** Earlier attempts still marked (they died, or run on as speculation): their paths in flight. */
  private final Map<String, List<String>> earlier = new LinkedHashMap<>();

  /** Earlier attempts known lost (true) or given up waiting for (false). */
  private final Map<String, Boolean> verdicts = new HashMap<>();

  private InFlightJournal(FileSystem fs, Path dir, String attempt, long verdictWaitMs) {
    this.fs = fs;
    this.dir = dir;
    this.mine = new Path(dir, attempt);
    this.verdictWaitMs = verdictWaitMs;
  }

  /**
   * The journal of one task attempt, with what the earlier attempts of its partition left. {@code
   * verdictWaitMs}: how long to wait for the driver's verdict on an earlier attempt still marked
   * (Spark's listener bus is asynchronous; a live speculative original never gets one).
   */
  static InFlightJournal open(
      String root,
      int stage,
      int stageAttempt,
      int partition,
      int attempt,
      long verdictWaitMs,
      Configuration conf) {
    Path dir = partitionDir(root, stage, partition);
    FileSystem fs;
    try {
      fs = raw(dir.getFileSystem(conf));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the journal " + dir + ": " + e.getMessage(), e);
    }
    InFlightJournal j = new InFlightJournal(fs, dir, name(stageAttempt, attempt), verdictWaitMs);
    try {
      j.readEarlier(stageAttempt, attempt);
    } catch (IOException e) {
      LOG.warn(
          "cannot read the journal {}, this attempt runs unprotected: {}", dir, e.getMessage());
    }
    return j;
  }

  /** Driver side: the verdict that this attempt was lost with its executor. */
  static void markLost(
      String root, int stage, int stageAttempt, int partition, int attempt, Configuration conf)
      throws IOException {
    Path p = new Path(partitionDir(root, stage, partition), name(stageAttempt, attempt) + LOST);
    ImageStorage.create(raw(p.getFileSystem(conf)), p).close();
  }

  /**
   * Driver side: removes a run's journal (before its stage, and once it is committed; a failed run
   * keeps it). Not fatal: a journal left behind is only a folder under the output's underscore
   * prefix, which no listing reads.
   */
  static void clear(String root, Configuration conf) {
    Path p = new Path(root);
    try {
      FileSystem fs = p.getFileSystem(conf);
      fs.delete(p, true);
      if (fs.exists(p.getParent()) && fs.listStatus(p.getParent()).length == 0) {
        fs.delete(p.getParent(), false); // no empty _journal left; another run's stays
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the journal {}: {}", root, e.getMessage());
    }
  }

  /** Whether {@code path} was in flight in an earlier attempt that left its marker. */
  boolean suspect(String path) {
    return earlier.values().stream().anyMatch(paths -> paths.contains(path));
  }

  /** The earlier attempts lost with their executor while {@code path} was in flight. */
  List<String> lostWith(String path) {
    List<String> lost = new ArrayList<>();
    earlier.forEach(
        (attempt, paths) -> {
          if (paths.contains(path) && verdicts.computeIfAbsent(attempt, this::awaitVerdict)) {
            lost.add(attempt);
          }
        });
    return lost;
  }

  /**
   * Marks {@code paths} in flight (one small whole-object write); a journal that cannot be written
   * only loses the protection.
   */
  void inFlight(List<String> paths) {
    try (DataOutputStream out = new DataOutputStream(ImageStorage.create(fs, mine))) {
      out.writeInt(paths.size());
      for (String p : paths) {
        out.writeUTF(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot journal the images in flight at {}: {}", mine, e.getMessage());
    }
  }

  /** The attempt ended with its JVM alive (done, failed or killed): nothing of it was poison. */
  @Override
  public void close() {
    try {
      fs.delete(mine, false);
    } catch (IOException e) {
      LOG.warn("cannot delete the journal marker {}: {}", mine, e.getMessage());
    }
  }

  private void readEarlier(int stageAttempt, int attempt) throws IOException {
    FileStatus[] files;
    try {
      files = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return; // first attempt of this partition
    }
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      if (name.endsWith(LOST)) {
        verdicts.put(name.substring(0, name.length() - LOST.length()), true);
      } else if (before(name, stageAttempt, attempt)) {
        earlier.put(name, read(f.getPath()));
      }
    }
  }

  private List<String> read(Path marker) throws IOException {
    try (DataInputStream in = fs.open(marker)) {
      int n = in.readInt();
      List<String> paths = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        paths.add(in.readUTF());
      }
      return paths;
    } catch (FileNotFoundException e) {
      return List.of(); // that attempt ended between the listing and the read
    }
  }

  private boolean awaitVerdict(String attempt) {
    Path lost = new Path(dir, attempt + LOST);
    long deadline = System.nanoTime() + verdictWaitMs * 1_000_000;
    try {
      while (!fs.exists(lost)) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(200);
      }
      return true;
    } catch (IOException e) {
      LOG.warn("cannot read the journal verdict {}: {}", lost, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the task is being killed
      return false;
    }
  }

  private static boolean before(String name, int stageAttempt, int attempt) {
    String[] parts = name.split("\\.");
    int s = Integer.parseInt(parts[0]);
    return s < stageAttempt || s == stageAttempt && Integer.parseInt(parts[1]) < attempt;
  }

  private static String name(int stageAttempt, int attempt) {
    return stageAttempt + "." + attempt;
  }

  private static Path partitionDir(String root, int stage, int partition) {
    return new Path(root, "stage=" + stage + "/part=" + partition);
  }

  /** Local files without Hadoop's .crc side files: one small write stays one write. */
  private static FileSystem raw(FileSystem fs) {
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }
}
