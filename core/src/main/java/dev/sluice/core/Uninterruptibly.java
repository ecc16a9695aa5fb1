package dev.sluice.core;

import java.time.Duration;

/**
 * Waits for a thread that an interrupt does not cut short. Cleanup has to finish before its caller
 * goes on (a producer and its connection, a compressor, the part uploads of an aborted upload), or
 * threads and connections would outlive the export; so an interrupt during the wait is noted, the
 * wait goes on, and the interrupt flag is set again when it returns.
 */
public final class Uninterruptibly {
  private Uninterruptibly() {}

  /** Waits for {@code t} to end, however long that takes. */
  public static void join(Thread t) {
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits at most {@code timeout} for {@code t} to end; true if it ended. */
  public static boolean join(Thread t, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
