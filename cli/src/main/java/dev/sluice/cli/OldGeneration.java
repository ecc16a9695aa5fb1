package dev.sluice.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;

/**
 * Keeps the serial collector's old generation near the data that is live in it, for exports whose
 * encoder holds large buffers for a while and then drops them all (Parquet's row groups).
 *
 * <p>Why: the launcher runs the serial collector with a small young generation, which keeps a
 * streaming export's footprint flat, since its garbage dies young. A Parquet row group's buffers
 * live until the row group is written, long enough to be moved to the old generation, and are then
 * dead there; the serial collector grows its old generation rather than collect it, up to the
 * maximum heap, so the process's resident memory grew with the rows (over 200 MiB at 5,000,000 rows
 * of the benchmark's table, and on towards the 1 GiB heap). Here, when the old generation holds
 * {@link #SLACK} more than it did after the last full collection, one is asked for: a few tens of
 * milliseconds per row group or two, with the footprint flat.
 *
 * <p>The command owns the JVM, so the policy lives here and not in the library, whose users run
 * their own collectors. It does nothing under another collector (a user's {@code JAVA_OPTS}) or
 * where the JVM cannot notify.
 */
final class OldGeneration {
  /** Old-generation growth over its live data that triggers a collection. */
  static final long SLACK = 24L << 20;

  /** Old-generation use below which nothing is done: a small export never collects. */
  static final long FLOOR = 48L << 20;

  private static boolean started;

  private OldGeneration() {}

  /** Starts watching, once per JVM; false if this JVM's collector is not the serial one. */
  static synchronized boolean keepNearLive() {
    if (started) {
      return true;
    }
    MemoryPoolMXBean tenured = null;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP
          && pool.getName().equals("Tenured Gen")
          && pool.isUsageThresholdSupported()) {
        tenured = pool;
      }
    }
    if (tenured == null
        || !(ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter)) {
      return false;
    }
    var pool = tenured;
    pool.setUsageThreshold(FLOOR);
    emitter.addNotificationListener(
        (notification, handback) -> {
          if (MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(notification.getType())) {
            collect(pool);
          }
        },
        null,
        null);
    started = true;
    return true;
  }

  /** On the JVM's notification thread, after a collection left the pool above its threshold. */
  @SuppressWarnings("java:S1215") // an explicit collection is the point: see the class comment
  private static void collect(MemoryPoolMXBean pool) {
    System.gc();
    long live = pool.getUsage().getUsed();
    pool.setUsageThreshold(Math.max(FLOOR, live + SLACK));
  }
}
