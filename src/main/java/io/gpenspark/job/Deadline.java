package io.gpenspark.job;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * job.deadline as an absolute time (epoch milliseconds on the driver's clock), travelling with the
 * partition function: after it no image is started. Executors' clocks are taken as the driver's
 * (NTP); a skew moves the cut by that much, never the rows' truth.
 */
record Deadline(long epochMs) implements Serializable {
  static final Deadline NONE = new Deadline(Long.MAX_VALUE);

  /** {@code after} past {@code start}; {@link #NONE} for null. */
  static Deadline after(Instant start, Duration after) {
    if (after == null) {
      return NONE;
    }
    long ms = after.toMillis();
    return new Deadline(
        ms >= Long.MAX_VALUE - start.toEpochMilli() ? Long.MAX_VALUE : start.toEpochMilli() + ms);
  }

  boolean passed() {
    return epochMs != Long.MAX_VALUE && System.currentTimeMillis() >= epochMs;
  }
}
