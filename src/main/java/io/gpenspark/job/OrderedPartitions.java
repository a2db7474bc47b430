package io.gpenspark.job;

import io.gpenspark.listing.InputFile;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The run's work in partitions that keep its order: the first count/partitions inputs in partition
 * 0, the next in 1, and so on, each in order. Spark starts tasks roughly by partition number, so
 * with job.deadline the oldest work is done first and the newest is what remains (a random
 * repartition would leave a random remainder).
 */
final class OrderedPartitions {
  private OrderedPartitions() {}

  /**
   * {@code ordered}: the inputs in their order across its partitions; {@code count} of them, in
   * {@code partitions} partitions ({@link RunSettings#partitions}).
   */
  static JavaRDD<InputFile> of(JavaRDD<InputFile> ordered, long count, int partitions) {
    long size = Math.max(1, (count + partitions - 1) / partitions);
    return ordered
        .zipWithIndex()
        .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
        .repartitionAndSortWithinPartitions(new ByIndex(partitions, size))
        .values();
  }

  /** Index i goes to partition i / size. */
  private static final class ByIndex extends Partitioner {
    private final int partitions;
    private final long size;

    ByIndex(int partitions, long size) {
      this.partitions = partitions;
      this.size = size;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (int) Math.min(partitions - 1, (Long) key / size);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ByIndex b && b.partitions == partitions && b.size == size;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(partitions * 31L + size);
    }
  }
}
