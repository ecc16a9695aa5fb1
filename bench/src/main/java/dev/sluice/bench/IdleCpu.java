package dev.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * How much CPU a side waiting for a slow peer burns: the peer does one 64-byte write (or read) per
 * millisecond, the waiting side blocks in the pipe in between, and the process's CPU time over a
 * few seconds is printed as a percentage of one core. Run for the pipe and for the textbook
 * lock-and-condition hand-off, with platform and virtual threads, and for the slow side alone (no
 * pipe) as the floor: its own timer wake-ups.
 *
 * <p>Usage: {@code IdleCpu [seconds]} (default 10). Each row first runs {@link #WARM_UP_MILLIS}
 * unmeasured, so that the JIT's compiling of the pipe is not counted as its waiting.
 */
public final class IdleCpu {
  private static final int CHUNK = 64;
  private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private IdleCpu() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    System.out.printf(
        "%-16s %-28s %-9s %10s %10s%n", "pipe", "scenario", "threads", "CPU %", "ops/s");
    for (var threads : new String[] {"platform", "virtual"}) {
      report("none", "slow side alone", threads, seconds, IdleCpu::alone);
      for (var contender : new Contender[] {Contender.SLUICE, Contender.LOCK_CONDITION}) {
        report(
            contender.id,
            "slow writer, reader waits",
            threads,
            seconds,
            (virtual, stop) -> slowWriter(contender.open(), virtual, stop));
        report(
            contender.id,
            "slow reader, writer waits",
            threads,
            seconds,
            (virtual, stop) -> slowReader(contender.open(), virtual, stop));
      }
    }
  }

  /** Starts the two sides, stopped by {@code stop}; returns a counter of the slow side's ops. */
  /** Unmeasured time before each row's measurement, long enough for the JIT to settle. */
  private static final long WARM_UP_MILLIS = 3_000;

  private interface Scenario {
    long[] start(boolean virtual, Stop stop) throws Exception;
  }

  private static final class Stop {
    volatile boolean requested;
    Thread[] threads = new Thread[0];
    AutoCloseable[] ends = new AutoCloseable[0];
  }

  private static void report(String pipe, String scenario, String threads, int seconds, Scenario s)
      throws Exception {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var stop = new Stop();
    long[] ops = s.start(threads.equals("virtual"), stop);
    Thread.sleep(WARM_UP_MILLIS);
    long cpu0 = os.getProcessCpuTime();
    long ops0 = ops[0];
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long cpu = os.getProcessCpuTime() - cpu0;
    long wall = System.nanoTime() - t0;
    long done = ops[0] - ops0;
    stop.requested = true;
    for (var end : stop.ends) {
      end.close();
    }
    for (var t : stop.threads) {
      t.join();
    }
    System.out.printf(
        "%-16s %-28s %-9s %10.1f %10.0f%n",
        pipe, scenario, threads, 100.0 * cpu / wall, done * 1e9 / wall);
  }

  /**
   * Sleeps one period. Not {@code LockSupport.parkNanos}: a pipe's wake-ups can leave the thread a
   * permit that would cut the park short.
   */
  private static void sleepOnePeriod() {
    try {
      Thread.sleep(java.time.Duration.ofNanos(PERIOD_NANOS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread.Builder builder(boolean virtual) {
    return virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
  }

  private static long[] alone(boolean virtual, Stop stop) {
    long[] ops = new long[1];
    stop.threads =
        new Thread[] {
          builder(virtual)
              .start(
                  () -> {
                    while (!stop.requested) {
                      sleepOnePeriod();
                      ops[0]++;
                    }
                  })
        };
    return ops;
  }

  private static long[] slowWriter(Contender.Ends ends, boolean virtual, Stop stop) {
    long[] ops = new long[1];
    var b = builder(virtual);
    stop.ends = new AutoCloseable[] {ends.in(), ends.out()};
    stop.threads =
        new Thread[] {
          b.start(
              () -> {
                var chunk = new byte[CHUNK];
                try {
                  while (!stop.requested) {
                    sleepOnePeriod();
                    ends.out().write(chunk);
                    ops[0]++;
                  }
                } catch (IOException e) {
                  // Closed: done.
                }
              }),
          b.start(() -> drain(ends.in(), 32 * 1024))
        };
    return ops;
  }

  private static long[] slowReader(Contender.Ends ends, boolean virtual, Stop stop) {
    long[] ops = new long[1];
    var b = builder(virtual);
    stop.ends = new AutoCloseable[] {ends.in(), ends.out()};
    stop.threads =
        new Thread[] {
          b.start(() -> flood(ends.out())),
          b.start(
              () -> {
                var buf = new byte[CHUNK];
                try {
                  while (!stop.requested) {
                    sleepOnePeriod();
                    if (ends.in().read(buf) == -1) {
                      return;
                    }
                    ops[0]++;
                  }
                } catch (IOException e) {
                  // Closed: done.
                }
              })
        };
    return ops;
  }

  private static void drain(InputStream in, int size) {
    var buf = new byte[size];
    try {
      while (in.read(buf) != -1) {
        // Keep reading.
      }
    } catch (IOException e) {
      // Closed: done.
    }
  }

  private static void flood(OutputStream out) {
    var chunk = new byte[CHUNK];
    try {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      // Closed: done.
    }
  }
}
