package dev.sluice.bench;

import java.util.Arrays;

/**
 * How long a cache line takes to go from one core to the other and back on this machine: two
 * platform threads bounce a counter through two words on separate cache lines, each spinning on the
 * other's. Every synchronous hand-off between two running threads pays at least this per write it
 * hands over (the writer's "here are bytes" and the reader's "done"), so it bounds what any pipe
 * that buffers nothing can move per write. Prints the median of 9 runs of 200,000 round trips, and
 * the lowest and highest run.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.sluice.bench.CoreRoundTrip}.
 */
public final class CoreRoundTrip {
  /** A volatile word alone on its cache line (the JVM places subclass fields after these). */
  private static class Pad {
    long p1, p2, p3, p4, p5, p6, p7, p8;
  }

  private static final class Word extends Pad {
    volatile long value;
    long q1, q2, q3, q4, q5, q6, q7, q8;
  }

  private CoreRoundTrip() {}

  public static void main(String[] args) throws InterruptedException {
    int runs = 9;
    int trips = 200_000;
    var ping = new Word();
    var pong = new Word();
    var echo =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  for (long i = 1; i <= (long) (runs + 1) * trips; i++) {
                    while (ping.value != i) {
                      Thread.onSpinWait();
                    }
                    pong.value = i;
                  }
                });
    double[] nanos = new double[runs];
    long i = 0;
    for (int run = -1; run < runs; run++) {
      long start = System.nanoTime();
      for (int k = 0; k < trips; k++) {
        i++;
        ping.value = i;
        while (pong.value != i) {
          Thread.onSpinWait();
        }
      }
      if (run >= 0) {
        nanos[run] = (System.nanoTime() - start) / (double) trips;
      }
    }
    echo.join();
    Arrays.sort(nanos);
    System.out.printf(
        "core-to-core round trip: %.0f ns median (%.0f to %.0f over %d runs of %,d)%n",
        nanos[runs / 2], nanos[0], nanos[runs - 1], runs, trips);
  }
}
