package dev.sluice.cli;

import dev.sluice.core.ExportProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Shows a running export's progress on stderr from a thread of its own: on a terminal, one line
 * redrawn in place five times a second; otherwise (a log, a pipe) a plain line every five seconds.
 * {@link #close()} stops it and, on a terminal, clears the line for the summary that follows.
 */
final class Progress implements AutoCloseable {
  static final Duration TERMINAL_PERIOD = Duration.ofMillis(200);
  static final Duration LOG_PERIOD = Duration.ofSeconds(5);

  private final PrintStream err;
  private final Supplier<ExportProgress> snapshot;
  private final boolean terminal;
  private final Duration period;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stop = lock.newCondition();
  /** Guarded by {@link #lock}. */
  private boolean stopped;
  /** Width of the bar last drawn, to blank it out; touched by the display thread only. */
  private int drawn;

  private Progress(PrintStream err, Supplier<ExportProgress> snapshot, boolean terminal,
      Duration period) {
    this.err = err;
    this.snapshot = snapshot;
    this.terminal = terminal;
    this.period = period;
    this.thread = Thread.ofPlatform().daemon().name("sluice-progress").unstarted(this::loop);
  }

  /** Starts showing {@code snapshot} on {@code err}, as a bar when {@code terminal}. */
  static Progress start(PrintStream err, Supplier<ExportProgress> snapshot, boolean terminal) {
    return start(err, snapshot, terminal, terminal ? TERMINAL_PERIOD : LOG_PERIOD);
  }

  static Progress start(PrintStream err, Supplier<ExportProgress> snapshot, boolean terminal,
      Duration period) {
    var progress = new Progress(err, snapshot, terminal, period);
    progress.thread.start();
    return progress;
  }

  private void loop() {
    while (awaitTick()) {
      var line = line(snapshot.get());
      if (terminal) {
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        drawn = line.length();
      } else {
        err.println("sluice: " + line);
      }
      err.flush();
    }
    if (terminal && drawn > 0) {
      err.print("\r" + " ".repeat(drawn) + "\r");
      err.flush();
    }
  }

  /** Waits one period; false once stopped. */
  private boolean awaitTick() {
    lock.lock();
    try {
      long nanos = period.toNanos();
      while (!stopped && nanos > 0) {
        nanos = stop.awaitNanos(nanos);
      }
      return !stopped;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code 1,234,567 rows  210.3 MB  245,001 rows/s  5.0 s}, with the bytes stored after them
   * when compression made them fewer: {@code 210.3 MB -> 41.0 MB}.
   */
  static String line(ExportProgress p) {
    var bytes = Summary.bytes(p.rawBytes());
    // Uncompressed, the stored count moves first and so is never below the raw one.
    if (p.storedBytes() < p.rawBytes()) {
      bytes += " -> " + Summary.bytes(p.storedBytes());
    }
    return String.format(Locale.ROOT, "%,d rows  %s  %,.0f rows/s  %.1f s",
        p.rows(), bytes, p.rowsPerSecond(), p.elapsedNanos() / 1e9);
  }

  /** Stops the display and waits for it, so that nothing it prints follows what comes next. */
  @Override
  public void close() {
    lock.lock();
    try {
      stopped = true;
      stop.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
